package dev.ragline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.ragline.testsupport.ChildJvm;
import dev.ragline.testsupport.FakeVllm;

/**
 * {@code ./ragline bench scale}: llm-workers joining and leaving a group that is busy,
 * each its own process ({@code ./ragline infra}, {@code ./ragline run llm-worker}),
 * against a fake vLLM of set latency:
 * <ol>
 * <li>how long a new worker takes from its process start to its first backend call (a
 * backlog waits for it);</li>
 * <li>the longest gap in backend calls while a second worker joins the busy first one,
 * next to the longest gap while the first worked alone;</li>
 * <li>backend calls made twice for the same query on that graceful join, and on a
 * graceful leave (SIGTERM) of the second worker.</li>
 * </ol>
 */
final class ScaleBenchmark {

	private static final Duration DRAIN = Duration.ofMinutes(2);

	record Options(Duration latency, int rate, Duration settle, Duration observe) {

		static Options parse(String[] args) {
			Map<String, String> given = BenchArguments.parse(args,
					Set.of("latency-ms", "rate", "settle-s", "observe-s"));
			return new Options(Duration.ofMillis(BenchArguments.whole(given, "latency-ms", 1000)),
					BenchArguments.integer(given, "rate", 30),
					Duration.ofSeconds(BenchArguments.whole(given, "settle-s", 10)),
					Duration.ofSeconds(BenchArguments.whole(given, "observe-s", 20)));
		}

	}

	private ScaleBenchmark() {
	}

	static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		System.out.printf(
				"ragline scale benchmark: llm-workers as processes of their own (%d cores), a fake vLLM "
						+ "answering in %d ms, %d queries/s%n",
				Runtime.getRuntime().availableProcessors(), options.latency().toMillis(), options.rate());
		try (LauncherProcesses processes = LauncherProcesses.create();
				FakeVllm vllm = FakeVllm.start("served-model").latency(options.latency())) {
			LauncherProcesses.Infra infra = processes.infra("--ports=auto", "--no-sample-corpus");
			List<String> worker = List.of("llm-worker", "--kafka-bootstrap=" + infra.bootstrapServers(),
					"--redis-url=" + LauncherProcesses.redisUrl(infra), "--server.port=0",
					"--ragline.vllm.base-url=" + vllm.baseUrl(), "--ragline.vllm.model=served-model");
			try (RetrievedLoad load = new RetrievedLoad(infra.bootstrapServers())) {
				load.publish(2 * options.rate());
				long start = System.nanoTime();
				ChildJvm first = processes.run("llm-worker-a", worker);
				double toFirstCall = millis(awaitCallAfter(vllm, start) - start);
				first.awaitOutput(LauncherProcesses.RUNNING, LauncherProcesses.START);
				load.start(options.rate());
				long loaded = System.nanoTime();
				Thread.sleep(options.settle().toMillis());

				long join = System.nanoTime();
				ChildJvm second = processes.run("llm-worker-b", worker);
				second.awaitOutput(LauncherProcesses.RUNNING, LauncherProcesses.START);
				Thread.sleep(options.observe().toMillis());

				long leave = System.nanoTime();
				second.terminate();
				second.awaitExit(LauncherProcesses.START);
				Thread.sleep(options.settle().toMillis());
				load.stop();
				long stopped = System.nanoTime();
				awaitAnswered(vllm, Set.copyOf(load.ids()));

				List<FakeVllm.Recorded> calls = vllm.generationRequests();
				// from when the backlog's calls have ended: until then the worker is at
				// its
				// in-flight limit and waits, as it should
				double gapBefore = longestGap(calls, loaded + options.latency().toNanos() + 1_000_000_000L, join);
				double gapJoining = longestGap(calls, join, leave);
				Map<String, List<Long>> byQuery = callsByQuery(calls);
				long duplicatesOnJoin = duplicates(byQuery, join, leave);
				long duplicatesOnLeave = duplicates(byQuery, leave, stopped + DRAIN.toNanos());
				long duplicatesElse = duplicates(byQuery, 0, join);
				List<String[]> rows = new ArrayList<>();
				rows.add(new String[] { "new llm-worker: process start to first backend call",
						String.format("%.1f s", toFirstCall / 1000), "≤ 3 s" });
				rows.add(new String[] { "longest gap in backend calls while a second worker joins", String
					.format("%.2f s (before it, one worker alone: %.2f s)", gapJoining / 1000, gapBefore / 1000),
						"≤ 1 s" });
				rows.add(new String[] { "backend calls made twice: graceful join", Long.toString(duplicatesOnJoin),
						"0" });
				rows.add(new String[] { "backend calls made twice: graceful leave (SIGTERM)",
						Long.toString(duplicatesOnLeave), "0" });
				rows.add(new String[] { "backend calls made twice: otherwise", Long.toString(duplicatesElse), "0" });
				rows.add(new String[] { "queries answered", byQuery.size() + " of " + load.ids().size(), "all" });
				Table.print(new String[] { "measure", "result (one run)", "goal" }, rows);
				System.out.println("Logs of the processes: " + processes.home());
			}
		}
	}

	/** When the first generation request at or after {@code after} arrived. */
	private static long awaitCallAfter(FakeVllm vllm, long after) throws InterruptedException {
		long deadline = System.nanoTime() + LauncherProcesses.START.toNanos();
		while (System.nanoTime() < deadline) {
			for (FakeVllm.Recorded call : vllm.generationRequests()) {
				if (call.receivedAt() >= after) {
					return call.receivedAt();
				}
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("No backend call within " + LauncherProcesses.START);
	}

	private static void awaitAnswered(FakeVllm vllm, Set<String> ids) throws InterruptedException {
		long deadline = System.nanoTime() + DRAIN.toNanos();
		while (System.nanoTime() < deadline) {
			if (callsByQuery(vllm.generationRequests()).keySet().containsAll(ids)) {
				return;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("Not every query reached the backend within " + DRAIN);
	}

	/**
	 * The longest time between two backend calls arriving in [{@code from}, {@code to}).
	 */
	private static double longestGap(List<FakeVllm.Recorded> calls, long from, long to) {
		List<Long> times = calls.stream()
			.map(FakeVllm.Recorded::receivedAt)
			.filter((time) -> time >= from && time < to)
			.sorted()
			.toList();
		long longest = 0;
		long previous = from;
		for (long time : times) {
			longest = Math.max(longest, time - previous);
			previous = time;
		}
		return millis(Math.max(longest, to - previous));
	}

	private static Map<String, List<Long>> callsByQuery(List<FakeVllm.Recorded> calls) {
		Map<String, List<Long>> byQuery = new HashMap<>();
		calls.stream().sorted(Comparator.comparingLong(FakeVllm.Recorded::receivedAt)).forEach((call) -> {
			String id = RetrievedLoad.idIn(call.body());
			if (id != null) {
				byQuery.computeIfAbsent(id, (key) -> new ArrayList<>()).add(call.receivedAt());
			}
		});
		return byQuery;
	}

	/**
	 * Calls that repeated an earlier one for the same query and arrived in [from, to).
	 */
	private static long duplicates(Map<String, List<Long>> byQuery, long from, long to) {
		return byQuery.values()
			.stream()
			.flatMap((times) -> times.stream().skip(1))
			.filter((time) -> time >= from && time < to)
			.collect(Collectors.counting());
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

}
