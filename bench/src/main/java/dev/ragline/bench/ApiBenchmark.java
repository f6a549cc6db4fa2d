package dev.ragline.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

import dev.ragline.contracts.QueryMessage;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.AnswerCacheProperties;
import dev.ragline.resultstore.CachedAnswer;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.testsupport.FakeVllm;

/**
 * The HTTP front door on a real broker and Redis, next to a bare Spring Boot endpoint
 * that answers 202 and does nothing else, each in a JVM of its own and measured in the
 * same run, in alternating rounds:
 * <ol type="a">
 * <li>submissions accepted per second ({@code POST /api/queries}, each a new question:
 * cache lookup, QUEUED in Redis, published to Kafka and acknowledged by the broker), from
 * many keep-alive connections at once;</li>
 * <li>latency of a cache hit ({@code POST} of a question answered before: 200 with the
 * answer) from one connection, one request at a time;</li>
 * <li>latency of reading a result ({@code GET /api/queries/{id}}).</li>
 * </ol>
 * The load generator shares the two cores with the servers, Kafka and Redis, so the
 * absolute figures are a floor; the ratios to the bare endpoint are the point.
 */
final class ApiBenchmark {

	private static final String HOST = "127.0.0.1";

	private static final String CACHED_QUESTION = "How does ragline answer a question it has answered before?";

	/** Settings of a run, from {@code --name=value} arguments. */
	record Options(int connections, int warmUpRounds, int rounds, Duration settle, Duration measure,
			int latencyRequests, List<String> serverJavaOptions, boolean standalone, String mode) {

		static Options parse(String[] args) {
			Map<String, String> given = BenchArguments.parse(args, Set.of("connections", "warm-up-rounds", "rounds",
					"settle", "measure", "latency-requests", "server-java-options", "mode"), Set.of("standalone"));
			if (given.containsKey("mode") && !Boolean.parseBoolean(given.getOrDefault("standalone", "false"))) {
				// query-ingest alone retrieves nothing: a mode there would be ignored
				throw new BenchArguments.UsageException("--mode applies to --standalone only");
			}
			return new Options(BenchArguments.integer(given, "connections", 32),
					BenchArguments.integer(given, "warm-up-rounds", 10), BenchArguments.integer(given, "rounds", 5),
					Duration.parse("PT" + given.getOrDefault("settle", "2s")),
					Duration.parse("PT" + given.getOrDefault("measure", "8s")),
					BenchArguments.integer(given, "latency-requests", 5000),
					List.of(given.getOrDefault("server-java-options", "").split(" "))
						.stream()
						.filter((option) -> !option.isBlank())
						.toList(),
					Boolean.parseBoolean(given.getOrDefault("standalone", "false")),
					given.getOrDefault("mode", "hybrid"));
		}

	}

	/** Requests completed in a measured window, and how many answered unexpectedly. */
	record Throughput(double perSecond, long unexpected) {

	}

	private final Options options;

	private final AtomicLong questionNumber = new AtomicLong();

	private ApiBenchmark(Options options) {
		this.options = options;
	}

	static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		if (options.standalone()) {
			new ApiBenchmark(options).runStandalone();
		}
		else {
			new ApiBenchmark(options).run();
		}
	}

	/**
	 * Submissions accepted per second by {@code ./ragline standalone} while its workers
	 * run: every accepted question is retrieved for and answered (by a fake vLLM that
	 * answers at once) on the same two cores, as a user's laptop would run it.
	 */
	private void runStandalone() throws Exception {
		System.out.printf("Starting ./ragline standalone (retrieval %s, a fake vLLM answering at once)...%n",
				this.options.mode());
		try (FakeVllm vllm = FakeVllm.start("served-model").withoutRecording();
				LauncherProcesses processes = LauncherProcesses.create()) {
			List<String> settings = new ArrayList<>(List.of("--ports=auto"));
			settings.addAll(LauncherProcesses.vllmSettings(vllm, "served-model"));
			settings.addAll(List.of("--ragline.vllm.stream=false", "--ragline.retriever.mode=" + this.options.mode(),
					// tens of thousands of answers, kept minutes instead of a day
					"--ragline.redis.ttl=10m"));
			LauncherProcesses.Standalone pipeline = processes.standalone(settings);
			int port = URI.create(pipeline.apiUrl()).getPort();
			for (int round = 1; round <= this.options.warmUpRounds(); round++) {
				System.out.printf("warm-up %d: standalone %.0f/s%n", round,
						throughput(port, 202, this::newQuestion).perSecond());
			}
			List<Double> rates = new ArrayList<>();
			long unexpected = 0;
			for (int round = 1; round <= this.options.rounds(); round++) {
				Throughput measured = throughput(port, 202, this::newQuestion);
				System.out.printf("round %d: standalone %.0f/s%n", round, measured.perSecond());
				rates.add(measured.perSecond());
				unexpected += measured.unexpected();
			}
			Table.print(new String[] { "Measurement", "ragline standalone, workers running", "Goal" },
					List.<String[]>of(new String[] {
							"Submissions accepted per second (" + this.options.connections()
									+ " connections, median of " + this.options.rounds() + " rounds)",
							String.format("%.0f (rounds: %s)", Stats.median(rates),
									rates.stream()
										.map((rate) -> String.format("%.0f", rate))
										.collect(Collectors.joining(", "))),
							"≥ 2,300/s" }));
			if (unexpected > 0) {
				System.out.println("WARNING: " + unexpected + " requests got an unexpected status; see the log above");
			}
		}
	}

	private void run() throws Exception {
		System.out.println("Starting a Kafka broker, a redis-server, query-ingest and a bare Spring Boot endpoint...");
		try (BenchEnvironment env = new BenchEnvironment();
				ServerProcess ingest = ServerProcess.start("ingest", this.options.serverJavaOptions(),
						List.of("--spring.kafka.bootstrap-servers=" + env.bootstrapServers(),
								"--ragline.redis.url=" + env.redisUrl()));
				ServerProcess bare = ServerProcess.start("bare", this.options.serverJavaOptions(), List.of())) {
			int ingestPort = ingest.port();
			int barePort = bare.port();
			cacheAnAnswer(env);

			List<Double> bareRates = new ArrayList<>();
			List<Double> ingestRates = new ArrayList<>();
			long unexpected = 0;
			// the JIT needs about a minute of load before the rates stop climbing
			for (int round = 1; round <= this.options.warmUpRounds(); round++) {
				Throughput bareRound = throughput(barePort, 202, this::newQuestion);
				Throughput ingestRound = throughput(ingestPort, 202, this::newQuestion);
				System.out.printf("warm-up %d: bare %.0f/s, query-ingest %.0f/s%n", round, bareRound.perSecond(),
						ingestRound.perSecond());
			}
			for (int round = 1; round <= this.options.rounds(); round++) {
				Throughput bareRound = throughput(barePort, 202, this::newQuestion);
				Throughput ingestRound = throughput(ingestPort, 202, this::newQuestion);
				System.out.printf("round %d: bare %.0f/s, query-ingest %.0f/s%n", round, bareRound.perSecond(),
						ingestRound.perSecond());
				bareRates.add(bareRound.perSecond());
				ingestRates.add(ingestRound.perSecond());
				unexpected += bareRound.unexpected() + ingestRound.unexpected();
			}

			byte[] cached = json(CACHED_QUESTION);
			List<Double> bareLatency = latencies(barePort, 202, (n) -> newQuestion(n), "/api/queries");
			List<Double> hitLatency = latencies(ingestPort, 200, (n) -> cached, "/api/queries");
			String id = submitOne(ingestPort);
			List<Double> readLatency = readLatencies(ingestPort, id);

			List<String[]> rows = new ArrayList<>();
			double bareRate = Stats.median(bareRates);
			double ingestRate = Stats.median(ingestRates);
			rows.add(new String[] {
					"Submissions accepted per second (" + this.options.connections() + " connections, median of "
							+ this.options.rounds() + " rounds)",
					String.format("%.0f", bareRate), String.format("%.0f", ingestRate), ratio(ingestRate, bareRate),
					"≥ 5,000/s" });
			for (int percentile : new int[] { 50, 90, 99 }) {
				double bareMs = Stats.percentile(bareLatency, percentile);
				double hitMs = Stats.percentile(hitLatency, percentile);
				rows.add(new String[] { "Cache hit, POST answered 200, p" + percentile + " ms (1 connection)",
						millis(bareMs), millis(hitMs), ratio(hitMs, bareMs), (percentile == 50) ? "≤ 2 ms" : "" });
			}
			double readMs = Stats.median(readLatency);
			rows.add(new String[] { "Read a result, GET /api/queries/{id}, p50 ms (1 connection)",
					millis(Stats.median(bareLatency)), millis(readMs), ratio(readMs, Stats.median(bareLatency)), "" });
			Table.print(new String[] { "Measurement", "Bare Spring Boot 202", "ragline query-ingest", "ragline / bare",
					"Goal" }, rows);
			System.out.println("Latency rows: " + this.options.latencyRequests()
					+ " requests each after as many to warm up; the bare column is its POST 202 in every row.");
			if (unexpected > 0) {
				System.out.println("WARNING: " + unexpected + " requests got an unexpected status; see the log above");
			}
		}
	}

	/**
	 * Puts an answer to {@link #CACHED_QUESTION} in the answer cache (default settings),
	 * as the LLM worker does when it answers.
	 */
	private static void cacheAnAnswer(BenchEnvironment env) {
		AnswerCacheProperties defaults = new AnswerCacheProperties(true, Duration.ofHours(1), "ragline:cache:",
				"ragline:corpus:version", Duration.ofSeconds(1));
		long version = new CorpusVersion(env.redis(), defaults.corpusVersionKey()).current();
		QueryMessage asked = QueryMessage.of("earlier-query", CACHED_QUESTION);
		new AnswerCache(env.redis(), defaults.keyPrefix(), defaults.ttl()).put(asked, version,
				new CachedAnswer("earlier-query", "It serves the earlier answer at once, with backend \"cache\".",
						List.of(), "vllm", "served-model", Instant.now()));
	}

	private Throughput throughput(int port, int expectedStatus, LongFunction<byte[]> bodies)
			throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		LongAdder completed = new LongAdder();
		LongAdder unexpected = new LongAdder();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < this.options.connections(); i++) {
			Thread thread = new Thread(() -> {
				try (KeepAliveHttpClient client = new KeepAliveHttpClient(HOST, port)) {
					while (!stop.get()) {
						int status = statusOf(client, bodies.apply(this.questionNumber.incrementAndGet()));
						if (status != expectedStatus) {
							unexpected.increment();
						}
						completed.increment();
					}
				}
			}, "load-" + i);
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(this.options.settle().toMillis());
		long startCount = completed.sum();
		long startUnexpected = unexpected.sum();
		long start = System.nanoTime();
		Thread.sleep(this.options.measure().toMillis());
		long count = completed.sum() - startCount;
		long elapsed = System.nanoTime() - start;
		long wrong = unexpected.sum() - startUnexpected;
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}
		return new Throughput(count * 1e9 / elapsed, wrong);
	}

	private static int statusOf(KeepAliveHttpClient client, byte[] body) {
		try {
			KeepAliveHttpClient.Response response = client.post("/api/queries", body);
			if (response.status() >= 300) {
				System.out.println("Unexpected " + response.status() + ": " + response.body());
			}
			return response.status();
		}
		catch (IOException ex) {
			System.out.println("Request failed: " + ex);
			return -1;
		}
	}

	private List<Double> latencies(int port, int expectedStatus, LongFunction<byte[]> bodies, String path)
			throws IOException {
		List<Double> millis = new ArrayList<>();
		try (KeepAliveHttpClient client = new KeepAliveHttpClient(HOST, port)) {
			for (int i = 0; i < 2 * this.options.latencyRequests(); i++) {
				byte[] body = bodies.apply(this.questionNumber.incrementAndGet());
				long start = System.nanoTime();
				KeepAliveHttpClient.Response response = client.post(path, body);
				long elapsed = System.nanoTime() - start;
				if (response.status() != expectedStatus) {
					throw new IllegalStateException("Expected " + expectedStatus + " from port " + port + " but got "
							+ response.status() + ": " + response.body());
				}
				if (i >= this.options.latencyRequests()) {
					millis.add(elapsed / 1e6);
				}
			}
		}
		return millis;
	}

	private List<Double> readLatencies(int port, String id) throws IOException {
		List<Double> millis = new ArrayList<>();
		try (KeepAliveHttpClient client = new KeepAliveHttpClient(HOST, port)) {
			for (int i = 0; i < 2 * this.options.latencyRequests(); i++) {
				long start = System.nanoTime();
				KeepAliveHttpClient.Response response = client.get("/api/queries/" + id);
				long elapsed = System.nanoTime() - start;
				if (response.status() != 200) {
					throw new IllegalStateException("Reading " + id + " answered " + response.status());
				}
				if (i >= this.options.latencyRequests()) {
					millis.add(elapsed / 1e6);
				}
			}
		}
		return millis;
	}

	private String submitOne(int port) throws IOException {
		try (KeepAliveHttpClient client = new KeepAliveHttpClient(HOST, port)) {
			KeepAliveHttpClient.Response response = client.post("/api/queries",
					newQuestion(this.questionNumber.incrementAndGet()));
			if (response.status() != 202) {
				throw new IllegalStateException("Submitting answered " + response.status() + ": " + response.body());
			}
			return dev.ragline.contracts.MessageJson.tree(response.body().getBytes(StandardCharsets.UTF_8))
				.get("id")
				.asString();
		}
	}

	private byte[] newQuestion(long number) {
		return json("What does the collection say about subject number " + number + "?");
	}

	private static byte[] json(String question) {
		return ("{\"question\":\"" + question + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	private static String millis(double value) {
		return String.format("%.2f", value);
	}

	private static String ratio(double value, double base) {
		return String.format("%.2f", value / base);
	}

}
