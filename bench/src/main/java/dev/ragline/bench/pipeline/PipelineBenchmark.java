package dev.ragline.bench.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import dev.ragline.bench.BareHop;
import dev.ragline.bench.BenchArguments;
import dev.ragline.bench.LauncherProcesses;
import dev.ragline.bench.Stats;
import dev.ragline.bench.Table;
import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.resultstore.RedisConnections;
import dev.ragline.testsupport.FakeVllm;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ./ragline bench pipeline}: the whole pipeline as {@code ./ragline standalone}
 * runs it (its own process: Kafka, redis-server, the three services, the sample corpus),
 * a fake vLLM answering at once, and unique questions submitted over HTTP at a fixed rate
 * whatever the answers do. It prints, p50/p90/p99, end to end and each part of it (from
 * the result documents' timestamps and {@code retrievedAt}), the overhead (end to end
 * without the LLM call and retrieval), the CPU time and the Redis commands and Kafka
 * records per query, and, in the same run, the floor of a hop: a bare Kafka hop and a
 * Redis round trip. {@code --cold} starts measuring with the first query after the
 * pipeline said it is ready and prints end to end by 5-second window.
 * {@code --with-bullmq} then measures the Node + BullMQ pipeline of
 * {@code bench/bullmq-baseline} ({@link BullmqPipeline}) the same way and prints both
 * side by side.
 */
public final class PipelineBenchmark {

	private static final Duration WINDOW = Duration.ofSeconds(5);

	private static final String MODEL = "served-model";

	/** The fresh start's figure: end to end in the first seconds after ready. */
	private static final long FIRST_SECONDS = 10;

	/** What a cold run's first seconds are set against: its queries from then on. */
	private static final long SETTLED_FROM_SECONDS = 30;

	private static final Duration DRAIN = Duration.ofSeconds(60);

	private static final Duration FLOOR_PAUSE = Duration.ofMillis(100);

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

	/** The JIT's share of the CPU above which the figures are not yet warm ones. */
	private static final double STILL_WARMING = 0.1;

	/**
	 * @param settings the pipeline's own settings given on the command line (dotted
	 * names, as {@code ./ragline standalone} takes them)
	 */
	record Options(int rate, Duration warmUp, Duration measure, String mode, boolean stream, boolean cold,
			boolean redisCluster, boolean withBullmq, List<String> settings) {

		static Options parse(String[] args) {
			List<String> settings = Arrays.stream(args).filter(Options::isSetting).toList();
			Map<String, String> given = BenchArguments.parse(
					Arrays.stream(args).filter((arg) -> !isSetting(arg)).toArray(String[]::new),
					Set.of("rate", "warm-up-s", "measure-s", "mode"),
					Set.of("no-stream", "cold", "redis-cluster", "with-bullmq"));
			boolean cold = Boolean.parseBoolean(given.getOrDefault("cold", "false"));
			boolean stream = !Boolean.parseBoolean(given.getOrDefault("no-stream", "false"));
			boolean withBullmq = Boolean.parseBoolean(given.getOrDefault("with-bullmq", "false"));
			if (withBullmq && (cold || stream)) {
				throw new BenchArguments.UsageException(
						"--with-bullmq compares warm pipelines answered without streaming "
								+ "(the Node + BullMQ pipeline does not stream): use it with --no-stream and without --cold");
			}
			return new Options(BenchArguments.integer(given, "rate", 50),
					cold ? Duration.ZERO : Duration.ofSeconds(BenchArguments.whole(given, "warm-up-s", 20)),
					Duration.ofSeconds(BenchArguments.whole(given, "measure-s", 30)),
					given.getOrDefault("mode", "hybrid"), stream, cold,
					Boolean.parseBoolean(given.getOrDefault("redis-cluster", "false")), withBullmq, settings);
		}

		private static boolean isSetting(String arg) {
			int equals = arg.indexOf('=');
			return arg.startsWith("--") && equals > 2 && arg.substring(2, equals).contains(".");
		}

	}

	private PipelineBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		System.out.printf(
				"ragline pipeline benchmark: ./ragline standalone in a process of its own (%d cores), retrieval %s, "
						+ "a fake vLLM answering at once (%s), %d unique questions/s over HTTP, %s%n",
				Runtime.getRuntime().availableProcessors(), options.mode(),
				options.stream() ? "streamed" : "not streamed", options.rate(),
				options.cold() ? "measured from the first query after ready (--cold)" : options.warmUp().toSeconds()
						+ " s warm-up then " + options.measure().toSeconds() + " s measured");
		if (!options.settings().isEmpty()) {
			System.out.println("pipeline settings: " + String.join(" ", options.settings()));
		}
		if (options.redisCluster()) {
			System.out.println("Redis: a local Redis Cluster of three masters (--redis-cluster)");
		}
		try (FakeVllm vllm = FakeVllm.start(MODEL).withoutRecording()) {
			Summary ragline = measureRagline(options, vllm);
			if (options.withBullmq()) {
				System.out.printf("%nThe same load against the Node + BullMQ pipeline (bench/bullmq-baseline: one Node "
						+ "process with the HTTP API, two BullMQ queues and their workers, its own redis-server), "
						+ "the same fake vLLM, after ragline's pipeline stopped%n");
				Summary bullmq = measureBullmq(options, vllm);
				printComparison(ragline, bullmq);
			}
		}
	}

	private static Summary measureRagline(Options options, FakeVllm vllm) throws Exception {
		try (LauncherProcesses processes = LauncherProcesses.create()) {
			List<String> settings = new ArrayList<>(List.of("--ports=auto"));
			settings.addAll(LauncherProcesses.vllmSettings(vllm, MODEL));
			settings.addAll(
					List.of("--ragline.vllm.stream=" + options.stream(), "--ragline.retriever.mode=" + options.mode()));
			settings.addAll(options.settings());
			if (options.redisCluster()) {
				settings.add("--redis-cluster");
			}
			LauncherProcesses.Standalone pipeline = processes.standalone(settings);
			try (RedisConnections redis = RedisConnections.open(pipeline.redisUrl(), REDIS_TIMEOUT);
					Admin admin = Admin
						.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()));
					BareHop hop = BareHop.kafkaOnly(pipeline.bootstrapServers(), "bench.floor");
					OpenLoopLoad load = new OpenLoopLoad(pipeline.apiUrl())) {
				Measured measured = new Measured("ragline", new ProcessCpu(pipeline.process().pid()), null,
						new PipelineCounters(redis, admin), hop, redis);
				return new PipelineBenchmark().run(options, measured, load);
			}
		}
	}

	private static Summary measureBullmq(Options options, FakeVllm vllm) throws Exception {
		try (BullmqPipeline pipeline = BullmqPipeline.start(BullmqPipeline.directory(), BullmqPipeline.sampleCorpus(),
				vllm.baseUrl(), MODEL);
				RedisConnections redis = RedisConnections.open(pipeline.redisUrl(), REDIS_TIMEOUT);
				OpenLoopLoad load = new OpenLoopLoad(pipeline.apiUrl())) {
			Measured measured = new Measured("Node + BullMQ", new ProcessCpu(pipeline.nodePid()),
					new ProcessCpu(pipeline.redisPid()), new PipelineCounters(redis, null), null, redis);
			return new PipelineBenchmark().run(options, measured, load);
		}
	}

	/**
	 * A pipeline under measurement: its processes' CPU (ragline's standalone with its
	 * redis-server child, or the baseline's Node process and, apart, its redis-server),
	 * its counters, and the floors measured next to it (no Kafka hop for the baseline).
	 */
	private record Measured(String name, ProcessCpu cpu, ProcessCpu redisServer, PipelineCounters counters, BareHop hop,
			RedisConnections redis) {

	}

	/** The figures set side by side when two pipelines ran. */
	private record Summary(String name, double endToEnd, double endToEndP99, double submit, double overhead,
			double overheadP99, double callP99, double cpuPerQuery, double machineBusy, double redisCommands) {

	}

	private Summary run(Options options, Measured target, OpenLoopLoad load) throws Exception {
		load.start(options.rate());
		Thread.sleep(options.warmUp().toMillis());
		long windowStart = System.nanoTime();
		ProcessCpu.Reading cpuBefore = target.cpu().read();
		ProcessCpu.Reading redisBefore = (target.redisServer() != null) ? target.redisServer().read() : null;
		PipelineCounters.Reading before = target.counters().read();
		List<Double> kafkaFloor = new ArrayList<>();
		List<Double> redisFloor = new ArrayList<>();
		AtomicBoolean measuring = new AtomicBoolean(true);
		Thread floors = new Thread(() -> measureFloors(measuring, target.hop(), target.redis(), kafkaFloor, redisFloor),
				"floors");
		floors.start();
		Thread.sleep(options.measure().toMillis());
		long windowEnd = System.nanoTime();
		ProcessCpu.Reading cpuAfter = target.cpu().read();
		ProcessCpu.Reading redisAfter = (target.redisServer() != null) ? target.redisServer().read() : null;
		PipelineCounters.Reading after = target.counters().read();
		measuring.set(false);
		floors.join();
		load.stop(DRAIN);

		List<OpenLoopLoad.Sample> measured = load.samples()
			.stream()
			.filter((sample) -> sample.submitNanos() >= windowStart && sample.submitNanos() < windowEnd)
			.filter((sample) -> sample.result().status() == QueryStatus.DONE)
			.toList();
		int submittedInWindow = load.submittedBetween(windowStart, windowEnd);
		if (measured.isEmpty()) {
			throw new IllegalStateException("No query finished DONE in the measured window; " + load.failures()
					+ " failed, the first with: " + load.firstFailure());
		}
		List<Parts> parts = measured.stream().map((sample) -> Parts.of(sample)).toList();
		boolean kafka = target.hop() != null;
		Double hopFloor = kafka ? Stats.median(kafkaFloor) : null;
		double redisRoundTrip = Stats.median(redisFloor);
		String hop = kafka ? "Kafka hop" : "BullMQ queue";
		List<String[]> rows = new ArrayList<>();
		rows.add(row("end to end (submit → DONE seen)", parts, Parts::endToEnd, null));
		rows.add(row("submit (POST → 202)", parts, Parts::submit, null));
		rows.add(row("QUEUED → RETRIEVING (" + hop + ", Redis write)", parts, Parts::queuedToRetrieving, hopFloor));
		rows.add(row("retrieval (RETRIEVING → retrievedAt)", parts, Parts::retrieval, null));
		rows.add(row("retrieved → GENERATING (" + hop + ", Redis write)", parts, Parts::retrievedToGenerating,
				hopFloor));
		rows.add(row("GENERATING → LLM call starts", parts, Parts::generatingToCall, null));
		rows.add(row("LLM call (whole ms, truncated)", parts, Parts::call, null));
		rows.add(row("LLM call and reading its answer (to the DONE stamp)", parts, Parts::callAndRead, null));
		rows.add(row("LLM call ends → DONE written", parts, Parts::callToDone, null));
		rows.add(row("DONE → seen by the long poll", parts, Parts::doneToSeen, null));
		rows.add(row("overhead (end to end − LLM call − retrieval)", parts, Parts::overhead, null));
		rows.add(row("overhead, the call taken to the DONE stamp", parts, Parts::overheadToTheStamp, null));
		if (kafka) {
			rows.add(new String[] { "floor: bare Kafka hop (same broker, same run)", fmt(hopFloor),
					fmt(Stats.percentile(kafkaFloor, 90)), fmt(Stats.percentile(kafkaFloor, 99)), "" });
		}
		rows.add(new String[] { "floor: Redis round trip (GET, same run)", fmt(redisRoundTrip),
				fmt(Stats.percentile(redisFloor, 90)), fmt(Stats.percentile(redisFloor, 99)), "" });
		Table.print(new String[] { "part (ms)", "p50", "p90", "p99", "p50 / floor" }, rows);

		double cpuSeconds = cpuAfter.processSince(cpuBefore)
				+ ((redisAfter != null) ? redisAfter.processSince(redisBefore) : 0);
		Map<String, Long> commands = after.redisSince(before);
		Map<String, Long> records = after.kafkaSince(before);
		long commits = records.getOrDefault(PipelineCounters.OFFSET_COMMITS, 0L);
		long pipelineRecords = records.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("ragline."))
			.mapToLong(Map.Entry::getValue)
			.sum();
		List<String[]> costs = new ArrayList<>();
		costs.add(new String[] { "queries measured (DONE / submitted in the window)",
				measured.size() + " / " + submittedInWindow + " (" + load.failures() + " failed in the whole run"
						+ ((load.firstFailure() != null) ? ", the first with: " + load.firstFailure() : "") + ")" });
		costs.add(new String[] {
				"CPU per query, the pipeline's processes (" + (kafka ? "JVM" : "Node") + " + redis-server)",
				String.format("%.1f ms (%.2f CPU s over %d s)", cpuSeconds * 1000 / submittedInWindow, cpuSeconds,
						options.measure().toSeconds()) });
		Map<String, Double> cpuParts = cpuAfter.partsSince(cpuBefore);
		if (redisAfter != null) {
			costs.add(new String[] { "  by process",
					String.format("Node %.1f, redis-server %.1f",
							cpuAfter.processSince(cpuBefore) * 1000 / submittedInWindow,
							redisAfter.processSince(redisBefore) * 1000 / submittedInWindow) });
		}
		else {
			costs.add(new String[] { "  by part (threads by name; JIT and GC are start-up and warm-up work too)",
					describeParts(cpuParts, submittedInWindow) });
		}
		double busy = cpuAfter.machineBusySince(cpuBefore);
		costs.add(new String[] { "machine busy (this benchmark's own JVM included)",
				String.format("%.0f %% of %d cores", 100 * busy, Runtime.getRuntime().availableProcessors()) });
		double commandsPerQuery = perQuery(commands.values(), submittedInWindow);
		costs.add(new String[] { "Redis commands per query (a script's own calls counted too)",
				String.format("%.1f: %s", commandsPerQuery, describe(commands, submittedInWindow)) });
		if (kafka) {
			costs.add(new String[] { "Kafka records per query (ragline topics)",
					String.format("%.2f, and %.2f records of committed offsets (one per partition a commit names)",
							(double) pipelineRecords / submittedInWindow, (double) commits / submittedInWindow) });
		}
		costs.add(new String[] { "bytes per query",
				describeBytes(after.kafkaBytesSince(before), after.redisBytesSince(before), submittedInWindow) });
		Table.print(new String[] { "cost", "in the measured window" }, costs);
		double compiling = cpuParts.getOrDefault(ProcessCpu.JIT, 0.0) / Math.max(1e-9, cpuSeconds);
		if (kafka && !options.cold() && compiling > STILL_WARMING) {
			System.out.printf("The JIT compilers took %.0f %% of the pipeline's CPU in the window: the JVM was still "
					+ "warming up, so these are not warm figures; a longer --warm-up-s (240 on 2 cores) gives them.%n",
					100 * compiling);
		}
		if (options.cold()) {
			printWindows(load.samples());
		}
		return new Summary(target.name(), percentile(parts, Parts::endToEnd, 50),
				percentile(parts, Parts::endToEnd, 99), percentile(parts, Parts::submit, 50),
				percentile(parts, Parts::overheadToTheStamp, 50), percentile(parts, Parts::overheadToTheStamp, 99),
				percentile(parts, Parts::callAndRead, 99), cpuSeconds * 1000 / submittedInWindow, busy,
				commandsPerQuery);
	}

	/**
	 * Both pipelines' figures side by side, with ragline's as a ratio to the baseline's.
	 */
	private static void printComparison(Summary ragline, Summary baseline) {
		List<String[]> rows = new ArrayList<>();
		rows.add(compared("end to end, p50 (ms)", ragline.endToEnd(), baseline.endToEnd()));
		rows.add(compared("end to end, p99 (ms)", ragline.endToEndP99(), baseline.endToEndP99()));
		rows.add(compared("submit (POST → 202), p50 (ms)", ragline.submit(), baseline.submit()));
		rows.add(compared("overhead (the call taken to the DONE stamp), p50 (ms)", ragline.overhead(),
				baseline.overhead()));
		rows.add(compared("overhead, p99 (ms)", ragline.overheadP99(), baseline.overheadP99()));
		rows.add(compared("LLM call and reading its answer, p99 (ms)", ragline.callP99(), baseline.callP99()));
		rows.add(compared("CPU per query, the pipeline's processes (ms)", ragline.cpuPerQuery(),
				baseline.cpuPerQuery()));
		rows.add(compared("machine busy, the benchmark's JVM included (%)", 100 * ragline.machineBusy(),
				100 * baseline.machineBusy()));
		rows.add(compared("Redis commands per query", ragline.redisCommands(), baseline.redisCommands()));
		System.out.println();
		Table.print(new String[] { "figure, one run", ragline.name(), baseline.name(), "ragline / Node + BullMQ" },
				rows);
	}

	private static String[] compared(String figure, double ragline, double baseline) {
		return new String[] { figure, fmt(ragline), fmt(baseline), String.format("%.2f", ragline / baseline) };
	}

	private static double percentile(List<Parts> parts, ToDoubleFunction<Parts> part, double percentile) {
		List<Double> values = values(parts, part);
		return (percentile == 50) ? Stats.median(values) : Stats.percentile(values, percentile);
	}

	/** One part of every query, those without it left out. */
	private static List<Double> values(List<Parts> parts, ToDoubleFunction<Parts> part) {
		return parts.stream()
			.mapToDouble(part)
			.filter((value) -> !Double.isNaN(value))
			.boxed()
			.collect(Collectors.toCollection(ArrayList::new));
	}

	/**
	 * Kafka log bytes of ragline's topics (and the offset commits apart), Redis network
	 * bytes in and out, and Redis memory grown (result documents and cache entries kept
	 * for their TTL), each per query.
	 */
	static String describeBytes(Map<String, Long> kafka, Map<String, Long> redis, int queries) {
		long pipeline = kafka.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("ragline."))
			.mapToLong(Map.Entry::getValue)
			.sum();
		String topics = kafka.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("ragline."))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.map((entry) -> String.format("%s %,d", entry.getKey(), entry.getValue() / queries))
			.collect(Collectors.joining(", "));
		String redisBytes = String.format("Redis network in %,d B, out %,d B; Redis memory +%,d B",
				redis.getOrDefault("total_net_input_bytes", 0L) / queries,
				redis.getOrDefault("total_net_output_bytes", 0L) / queries,
				redis.getOrDefault("used_memory", 0L) / queries);
		if (kafka.isEmpty()) {
			return redisBytes;
		}
		return String.format("Kafka log %,d B (%s; offset commits %,d B); %s", pipeline / queries, topics,
				kafka.getOrDefault(PipelineCounters.OFFSET_COMMITS, 0L) / queries, redisBytes);
	}

	/**
	 * One query's parts, in milliseconds. A call's duration is recorded in whole
	 * milliseconds, truncated ({@code durationMillis}), so {@code call} is short by up to
	 * 1 ms and the overhead long by as much; {@code callAndRead}, from the call's start
	 * to the DONE stamp (taken once the answer is read, before it is written), is exact
	 * to the microsecond and long by the reading of the answer.
	 */
	record Parts(double endToEnd, double submit, double queuedToRetrieving, double retrieval,
			double retrievedToGenerating, double generatingToCall, double call, double callAndRead, double callToDone,
			double doneToSeen) {

		static Parts of(OpenLoopLoad.Sample sample) {
			QueryResult result = sample.result();
			Map<QueryStatus, Instant> at = result.timestamps();
			Instant queued = at.get(QueryStatus.QUEUED);
			Instant retrieving = at.get(QueryStatus.RETRIEVING);
			Instant generating = at.get(QueryStatus.GENERATING);
			Instant done = at.get(QueryStatus.DONE);
			// written with DONE by the LLM stage, from the retriever's record
			Instant retrievedAt = (result.retrievedAt() != null) ? result.retrievedAt() : generating;
			Attempt answered = result.attempts()
				.stream()
				.filter((attempt) -> Attempt.ANSWERED.equals(attempt.outcome()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No answered call in " + result.id()));
			Instant callEnd = answered.startedAt().plusMillis(answered.durationMillis());
			return new Parts(sample.endToEndMillis(), sample.submitMillis(), ms(queued, retrieving),
					ms(retrieving, retrievedAt), ms(retrievedAt, generating), ms(generating, answered.startedAt()),
					answered.durationMillis(), ms(answered.startedAt(), done), ms(callEnd, done),
					ms(done, sample.seenAt()));
		}

		double overhead() {
			return this.endToEnd - this.call - this.retrieval;
		}

		double overheadToTheStamp() {
			return this.endToEnd - this.callAndRead - this.retrieval;
		}

		private static double ms(Instant from, Instant to) {
			return (from == null || to == null) ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
		}

	}

	private static String[] row(String name, List<Parts> parts, ToDoubleFunction<Parts> part, Double floor) {
		List<Double> values = values(parts, part);
		double median = Stats.median(values);
		return new String[] { name, fmt(median), fmt(Stats.percentile(values, 90)), fmt(Stats.percentile(values, 99)),
				(floor != null) ? String.format("%.1f×", median / floor) : "" };
	}

	/**
	 * A bare Kafka hop (when there is a broker) and a Redis GET, one after the other, ten
	 * times a second, while the load runs.
	 */
	private static void measureFloors(AtomicBoolean measuring, BareHop hop, RedisConnections redis, List<Double> kafka,
			List<Double> redisTrips) {
		try {
			while (measuring.get()) {
				if (hop != null) {
					kafka.add(hop.hopMillis());
				}
				long start = System.nanoTime();
				redis.commands().get("ragline:bench:floor");
				redisTrips.add((System.nanoTime() - start) / 1e6);
				Thread.sleep(FLOOR_PAUSE.toMillis());
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("The floor measurement failed", ex);
		}
	}

	/**
	 * End to end by 5-second window from the first query, and the p50 of each part, to
	 * show where a cold pipeline's queries wait.
	 */
	private static void printWindows(List<OpenLoopLoad.Sample> samples) {
		long first = samples.stream().mapToLong(OpenLoopLoad.Sample::submitNanos).min().orElse(0);
		Map<Long, List<OpenLoopLoad.Sample>> windows = samples.stream()
			.collect(Collectors.groupingBy((sample) -> (sample.submitNanos() - first) / WINDOW.toNanos()));
		List<String[]> rows = new ArrayList<>();
		windows.keySet().stream().sorted().forEach((window) -> {
			List<OpenLoopLoad.Sample> inWindow = windows.get(window);
			List<Double> endToEnd = inWindow.stream().map(OpenLoopLoad.Sample::endToEndMillis).toList();
			List<Parts> parts = inWindow.stream().map(Parts::of).toList();
			rows.add(new String[] { (window * WINDOW.toSeconds()) + "–" + ((window + 1) * WINDOW.toSeconds()) + " s",
					Integer.toString(inWindow.size()), fmt(Stats.median(endToEnd)), fmt(Stats.percentile(endToEnd, 90)),
					median(parts, Parts::submit), median(parts, Parts::queuedToRetrieving),
					median(parts, Parts::retrieval), median(parts, Parts::retrievedToGenerating),
					median(parts, Parts::call), median(parts, (part) -> part.generatingToCall() + part.callToDone()),
					median(parts, Parts::doneToSeen) });
		});
		Table.print(new String[] { "window after the first query", "queries", "end to end p50 (ms)", "p90 (ms)",
				"p50: submit", "queued → retrieving", "retrieval", "retrieved → generating", "LLM call",
				"LLM stage's own", "done → seen" }, rows);
		List<Double> firstTen = endToEndBetween(samples, first, 0, FIRST_SECONDS);
		List<Double> settled = endToEndBetween(samples, first, SETTLED_FROM_SECONDS, Long.MAX_VALUE);
		if (!firstTen.isEmpty() && !settled.isEmpty()) {
			double cold = Stats.median(firstTen);
			double warm = Stats.median(settled);
			System.out.printf(
					"End to end p50 in the first %d s: %s ms; from %d s on: %s ms; the first %d s at %.1f× the later "
							+ "figure (goal: at most 2×)%n",
					FIRST_SECONDS, fmt(cold), SETTLED_FROM_SECONDS, fmt(warm), FIRST_SECONDS, cold / warm);
		}
	}

	/**
	 * End to end of the queries submitted from {@code fromSeconds} to before
	 * {@code toSeconds}.
	 */
	private static List<Double> endToEndBetween(List<OpenLoopLoad.Sample> samples, long first, long fromSeconds,
			long toSeconds) {
		return samples.stream().filter((sample) -> {
			long seconds = (sample.submitNanos() - first) / 1_000_000_000L;
			return seconds >= fromSeconds && seconds < toSeconds;
		}).map(OpenLoopLoad.Sample::endToEndMillis).toList();
	}

	private static String median(List<Parts> parts, ToDoubleFunction<Parts> part) {
		List<Double> values = values(parts, part);
		return values.isEmpty() ? "" : fmt(Stats.median(values));
	}

	/**
	 * CPU milliseconds per query by part, the largest first, parts under 0.05 ms left
	 * out.
	 */
	private static String describeParts(Map<String, Double> seconds, int queries) {
		return seconds.entrySet()
			.stream()
			.filter((part) -> part.getValue() * 1000 / queries >= 0.05)
			.map((part) -> String.format("%s %.1f", part.getKey(), part.getValue() * 1000 / queries))
			.collect(Collectors.joining(", "));
	}

	private static double perQuery(java.util.Collection<Long> counts, int queries) {
		return (double) counts.stream().mapToLong(Long::longValue).sum() / queries;
	}

	private static String describe(Map<String, Long> counts, int queries) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(6)
			.map((entry) -> String.format("%s %.1f", entry.getKey(), (double) entry.getValue() / queries))
			.collect(Collectors.joining(", "));
	}

	private static String fmt(double value) {
		return Double.isNaN(value) ? "–" : String.format("%.1f", value);
	}

}
