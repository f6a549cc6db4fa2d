package dev.ragline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ragline.bench.pipeline.ProcessCpu;
import dev.ragline.infra.LocalPorts;
import dev.ragline.testsupport.ChildJvm;

/**
 * {@code ./ragline bench restart}: how long a retriever-worker process takes from its
 * start to ready (its readiness probe UP, which it reports once it has caught up with the
 * documents topic) when it has to index the whole corpus, and when it restarts on its own
 * snapshot, after a graceful stop and after {@code kill -9}. Kafka and Redis come from
 * {@code ./ragline infra}; the corpus is the sample corpus, or a BEIR dataset's
 * {@code corpus.jsonl} ({@code --data=DIR}) published with {@code ./ragline index}.
 */
final class RestartBenchmark {

	private static final Duration INDEXING = Duration.ofMinutes(30);

	private static final Duration POLL = Duration.ofMillis(20);

	/** Queries sent to each replica as soon as it is ready, and how many a second. */
	private static final int FIRST_QUERIES = 20;

	private static final int FIRST_QUERIES_PER_SECOND = 10;

	record Options(Path data, int restarts) {

		static Options parse(String[] args) {
			Map<String, String> given = BenchArguments.parse(args, Set.of("data", "restarts"));
			Path data = given.containsKey("data") ? Path.of(given.get("data")) : null;
			if (data != null && !Files.isRegularFile(data.resolve("corpus.jsonl"))) {
				throw new BenchArguments.UsageException(
						"--data must name a BEIR dataset (a folder with corpus.jsonl), not " + data);
			}
			int restarts = BenchArguments.integer(given, "restarts", 5);
			if (restarts < 1) {
				throw new BenchArguments.UsageException("--restarts must be at least 1");
			}
			return new Options(data, restarts);
		}

	}

	private RestartBenchmark() {
	}

	static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		String corpus = (options.data() != null) ? options.data().resolve("corpus.jsonl").toString()
				: "the sample corpus";
		System.out.printf("ragline restart benchmark: a retriever-worker process on %s (%d cores, Java %s)%n", corpus,
				Runtime.getRuntime().availableProcessors(), Runtime.version().feature());
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		try (LauncherProcesses processes = LauncherProcesses.create()) {
			LauncherProcesses.Infra infra = (options.data() != null)
					? processes.infra("--ports=auto", "--no-sample-corpus") : processes.infra("--ports=auto");
			if (options.data() != null) {
				processes.index(options.data().resolve("corpus.jsonl"), infra.bootstrapServers(), INDEXING);
			}
			int port = LocalPorts.pick();
			List<String> retriever = List.of("retriever-worker", "--kafka-bootstrap=" + infra.bootstrapServers(),
					"--redis-url=" + LauncherProcesses.redisUrl(infra), "--server.port=" + port);
			URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");

			try (FirstQueries queries = new FirstQueries(infra.bootstrapServers(), LauncherProcesses.redisUrl(infra))) {
				Started first = Started.run(processes, "retriever-first", retriever, http, readiness, INDEXING);
				List<List<Double>> firstQueries = List
					.of(queries.retrievalMillis(FIRST_QUERIES, FIRST_QUERIES_PER_SECOND));
				first.process().terminate();
				first.process().awaitExit(LauncherProcesses.START);

				List<Started> graceful = new ArrayList<>();
				List<List<Double>> gracefulQueries = new ArrayList<>();
				for (int i = 1; i <= options.restarts(); i++) {
					Started restarted = Started.run(processes, "retriever-restart-" + i, retriever, http, readiness,
							LauncherProcesses.START);
					graceful.add(restarted);
					gracefulQueries.add(queries.retrievalMillis(FIRST_QUERIES, FIRST_QUERIES_PER_SECOND));
					restarted.process().terminate();
					restarted.process().awaitExit(LauncherProcesses.START);
				}
				List<Started> killed = new ArrayList<>();
				List<List<Double>> killedQueries = new ArrayList<>();
				Started running = Started.run(processes, "retriever-before-kill", retriever, http, readiness,
						LauncherProcesses.START);
				for (int i = 1; i <= options.restarts(); i++) {
					running.process().kill();
					running = Started.run(processes, "retriever-after-kill-" + i, retriever, http, readiness,
							LauncherProcesses.START);
					killed.add(running);
					killedQueries.add(queries.retrievalMillis(FIRST_QUERIES, FIRST_QUERIES_PER_SECOND));
				}
				running.process().terminate();
				running.process().awaitExit(LauncherProcesses.START);

				List<String[]> rows = new ArrayList<>();
				rows.add(new String[] { "first start: indexes the whole corpus",
						String.format("%.1f s", first.seconds()), String.format("%.1f s", first.cpuSeconds()), "1",
						"" });
				rows.add(row("restart after a graceful stop, on its snapshot", graceful, "≤ 5 s"));
				rows.add(row("restart after kill -9, on its snapshot", killed, "≤ 5 s"));
				Table.print(new String[] { "process start to ready", "median (min-max)", "CPU until ready (median)",
						"runs", "goal" }, rows);
				System.out.printf(
						"%nThe first %d queries after ready (%d a second), their retrieval time from the result "
								+ "documents (RETRIEVING to retrievedAt), medians over the runs:%n",
						FIRST_QUERIES, FIRST_QUERIES_PER_SECOND);
				Table.print(new String[] { "after", "the first query", "p50 of the first " + FIRST_QUERIES, "runs" },
						List.of(firstQueriesRow("the first start (warm-up after indexing)", firstQueries),
								firstQueriesRow("a graceful restart", gracefulQueries),
								firstQueriesRow("a kill -9 restart", killedQueries)));
				System.out.println("Logs of the processes: " + processes.home());
			}
		}
	}

	private static String[] row(String what, List<Started> runs, String goal) {
		List<Double> seconds = runs.stream().map(Started::seconds).toList();
		return new String[] { what,
				String.format("%.2f s (%.2f-%.2f)", Stats.median(seconds),
						seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
						seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow()),
				String.format("%.2f s", Stats.median(runs.stream().map(Started::cpuSeconds).toList())),
				Integer.toString(runs.size()), goal };
	}

	private static String[] firstQueriesRow(String after, List<List<Double>> runs) {
		double first = Stats.median(runs.stream().map((run) -> run.get(0)).toList());
		double median = Stats.median(runs.stream().map(Stats::median).toList());
		return new String[] { after, String.format("%.0f ms", first), String.format("%.1f ms", median),
				Integer.toString(runs.size()) };
	}

	/**
	 * A retriever process started and polled until its readiness probe said UP, with the
	 * CPU time it had used by then (on two cores a start is bound by CPU, not by
	 * waiting).
	 */
	private record Started(ChildJvm process, double seconds, double cpuSeconds) {

		static Started run(LauncherProcesses processes, String name, List<String> args, HttpClient http, URI readiness,
				Duration timeout) throws InterruptedException {
			long start = System.nanoTime();
			ChildJvm process = processes.run(name, args);
			long deadline = start + timeout.toNanos();
			HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(1)).build();
			while (System.nanoTime() < deadline) {
				if (isUp(http, request)) {
					double seconds = (System.nanoTime() - start) / 1e9;
					return new Started(process, seconds, new ProcessCpu(process.pid()).read().processSeconds());
				}
				if (!process.isAlive()) {
					throw new IllegalStateException(name + " ended before it was ready:\n" + process.output());
				}
				Thread.sleep(POLL.toMillis());
			}
			throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + process.output());
		}

		private static boolean isUp(HttpClient http, HttpRequest request) throws InterruptedException {
			try {
				return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				return false; // not listening yet
			}
		}

	}

}
