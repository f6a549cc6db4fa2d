package dev.ragline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;

import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.LlmWorkerApplication;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The LLM stage on a real broker and Redis, against fake backends of set latency:
 * <ol type="a">
 * <li>throughput of one worker against a vLLM of latency L and unlimited concurrency, as
 * a ratio to the ideal {@code max-in-flight / L};</li>
 * <li>added latency when vLLM answers 404: time to Ollama's answer minus Ollama's own
 * latency;</li>
 * <li>added latency per query while vLLM hangs, before and after the circuit breaker
 * opens.</li>
 * </ol>
 * Latencies come from the result documents' own timestamps (first GENERATING to DONE),
 * written by the worker, so the harness's polling does not count.
 */
final class LlmBenchmark {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	/**
	 * Rounds of max-in-flight queries that warm up the JIT before anything is measured.
	 */
	static final int WARM_UP_ROUNDS = 3;

	static final int THROUGHPUT_ROUNDS = 20;

	static final int SKIPPED_ROUNDS = 4;

	static final int MEASURED_ROUNDS = 10;

	/**
	 * Rerouted queries sent at once before the one-at-a-time measurement, to warm up the
	 * JIT.
	 */
	static final int REROUTE_WARM_UP = 3000;

	private final BenchEnvironment env;

	private final FakeVllm vllm = FakeVllm.start("served-model");

	private final FakeOllama ollama = FakeOllama.start("llama3.2");

	private final KafkaProducer<String, byte[]> producer;

	private final Options options;

	private int scenario;

	/** (b)'s reroute over a direct answer, for the ratio to the same run's Kafka hop. */
	private Double rerouteOverDirect;

	private double busyHop;

	/** Settings of a run, from {@code --name=value} arguments. */
	record Options(Duration vllmLatency, int maxInFlight, Duration ollamaLatency, int rerouteQueries,
			Duration readTimeout, int hangQueries, int hangRatePerSecond, boolean trace, String measures) {

		static Options parse(String[] args) {
			Map<String, String> given = BenchArguments.parse(args, Set.of("latency-ms", "max-in-flight",
					"ollama-latency-ms", "reroutes", "read-timeout-ms", "hang-queries", "hang-rate", "measures"),
					Set.of("trace"));
			return new Options(millis(given, "latency-ms", 1000), BenchArguments.integer(given, "max-in-flight", 64),
					millis(given, "ollama-latency-ms", 200), BenchArguments.integer(given, "reroutes", 100),
					millis(given, "read-timeout-ms", 1000), BenchArguments.integer(given, "hang-queries", 100),
					BenchArguments.integer(given, "hang-rate", 20), Boolean.parseBoolean(given.get("trace")),
					given.getOrDefault("measures", "abc"));
		}

		/** Whether measure {@code letter} (a, b or c) is to run. */
		boolean runs(char letter) {
			return this.measures.indexOf(letter) >= 0;
		}

		private static Duration millis(Map<String, String> given, String name, long defaultValue) {
			return Duration.ofMillis(BenchArguments.whole(given, name, defaultValue));
		}

	}

	private LlmBenchmark(BenchEnvironment env, Options options) {
		this.env = env;
		this.options = options;
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
		props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		// see PipelineProducers: topics are created moments before the first records
		props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
	}

	static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		System.out.println("ragline LLM-stage benchmark: one llm-worker, real Kafka broker and redis-server in this "
				+ "JVM, fake vLLM and Ollama on loopback (" + Runtime.getRuntime().availableProcessors() + " cores)");
		try (BenchEnvironment env = new BenchEnvironment()) {
			LlmBenchmark benchmark = new LlmBenchmark(env, options);
			try {
				List<String[]> rows = new ArrayList<>();
				if (options.runs('a')) {
					rows.add(benchmark.throughput());
				}
				if (options.runs('b')) {
					rows.addAll(benchmark.reroute());
					rows.addAll(benchmark.rerouteFloor());
				}
				if (options.runs('c')) {
					rows.addAll(benchmark.hang());
				}
				Table.print(new String[] { "measure", "setting", "result (medians, one run)", "goal" }, rows);
			}
			finally {
				benchmark.close();
			}
		}
	}

	/**
	 * (a) queries answered per second in steady state, against the ideal: a backlog of
	 * {@value #THROUGHPUT_ROUNDS} rounds of max-in-flight queries, completions counted
	 * over the {@value #MEASURED_ROUNDS} rounds in the middle, so neither the ramp-up nor
	 * the drain counts.
	 */
	String[] throughput() throws Exception {
		this.vllm.reset().latency(this.options.vllmLatency());
		try (ConfigurableApplicationContext worker = startWorker(
				Map.of("ragline.llm.roles", "primary", "ragline.vllm.read-timeout", "60s"))) {
			int inFlight = this.options.maxInFlight();
			await(publish(inFlight * WARM_UP_ROUNDS));
			Instant start = Instant.now();
			List<QueryResult> results = await(publish(inFlight * THROUGHPUT_ROUNDS));
			Duration latency = this.options.vllmLatency();
			List<Instant> done = results.stream()
				.map((result) -> result.timestamps().get(QueryStatus.DONE))
				.sorted()
				.toList();
			int first = SKIPPED_ROUNDS * inFlight;
			int last = first + MEASURED_ROUNDS * inFlight;
			double throughput = (last - first) / (Duration.between(done.get(first), done.get(last)).toNanos() / 1e9);
			double ideal = inFlight / (latency.toNanos() / 1e9);
			if (this.options.trace()) {
				traceCalls(results);
			}
			return new String[] { "(a) throughput of one llm-worker",
					String.format("L = %d ms, max-in-flight %d, %d completions in steady state", latency.toMillis(),
							inFlight, last - first),
					String.format("%.1f q/s = %.3f of ideal %.1f q/s (peak %d calls at once)", throughput,
							throughput / ideal, ideal, this.vllm.peakConcurrency()),
					"≥ 0.98" };
		}
	}

	/**
	 * (b) what a vLLM 404 adds before Ollama's answer, two ways: the time from the first
	 * GENERATING write to DONE minus Ollama's latency (as the goal was first set), and
	 * that time minus the same for queries vLLM answers itself at the same latency (what
	 * the reroute adds over a direct answer). Queries alternate between the two, one at a
	 * time, in the same worker; after each pair, once the machine idled for the backends'
	 * latency, a bare Kafka hop is timed while the worker runs (its consumers polling,
	 * its threads waiting), the floor the reroute's own hop faces.
	 */
	List<String[]> reroute() throws Exception {
		Duration latency = this.options.ollamaLatency();
		this.vllm.reset().latency(latency);
		this.ollama.reset().latency(latency);
		try (ConfigurableApplicationContext worker = startWorker(
				Map.of("ragline.llm.roles", "primary,fallback", "ragline.vllm.circuit-breaker.enabled", false));
				BareHop hop = new BareHop(this.env.bootstrapServers(), "bench.floor.busy", this.vllm.baseUrl())) {
			this.vllm.serving("some-other-model");
			await(publish(REROUTE_WARM_UP));
			for (int i = 0; i < REROUTE_WARM_UP; i++) {
				hop.run();
			}
			List<Double> added = new ArrayList<>();
			List<Double> rerouted = new ArrayList<>();
			List<Double> direct = new ArrayList<>();
			List<Double> hops = new ArrayList<>();
			for (int i = 0; i < this.options.rerouteQueries(); i++) {
				this.vllm.serving("some-other-model");
				QueryResult result = await(publish(1)).get(0);
				expect(result, FallbackReason.VLLM_MODEL_NOT_FOUND);
				added.add(addedMillis(result));
				rerouted.add(generatingToDone(result));
				if (this.options.trace()) {
					traceReroute(result);
				}
				this.vllm.serving("served-model");
				direct.add(generatingToDone(await(publish(1)).get(0)));
				this.vllm.serving("some-other-model");
				Thread.sleep(latency.toMillis());
				hops.add(hop.run().hopMillis());
			}
			double overDirect = Stats.median(rerouted) - Stats.median(direct);
			this.rerouteOverDirect = overDirect;
			this.busyHop = Stats.median(hops);
			String setting = String.format("backends' latency %d ms, %d queries each, one at a time",
					latency.toMillis(), this.options.rerouteQueries());
			return List.of(
					new String[] { "(b) added latency of a vLLM 404 reroute", setting,
							String.format("median %.1f ms (p90 %.1f ms) over Ollama's latency", Stats.median(added),
									Stats.percentile(added, 90)),
							"≤ 5 ms median" },
					new String[] { "(b) ... over a query vLLM answers itself", setting,
							String.format("%.1f ms: median %.1f ms rerouted, %.1f ms direct", overDirect,
									Stats.median(rerouted), Stats.median(direct)),
							"≤ 2× the hop below" },
					new String[] { "(b) floor: one bare Kafka hop, the worker running",
							String.format("idle %d ms before each, %d between the queries above", latency.toMillis(),
									this.options.rerouteQueries()),
							String.format("median %.1f ms (p90 %.1f ms)", this.busyHop, Stats.percentile(hops, 90)),
							"(what the reroute's hop faces)" });
		}
	}

	/**
	 * The same-run floors of (b) on a quiet machine: one Kafka hop (publish, broker ack,
	 * a waiting consumer receives it) and one HTTP call that vLLM answers 404, each with
	 * bare clients and nothing else (the worker stopped), paced like (b), with the
	 * machine idle for the backends' latency before each one. The hop is timed with the
	 * pipeline's consumer (KIP-848) and, alternating with it, with the classic one.
	 */
	List<String[]> rerouteFloor() throws Exception {
		this.vllm.reset().serving("some-other-model");
		try (BareHop hop = new BareHop(this.env.bootstrapServers(), "bench.floor", this.vllm.baseUrl());
				BareHop classicHop = new BareHop(this.env.bootstrapServers(), "bench.floor.classic",
						this.vllm.baseUrl(), GroupProtocol.CLASSIC)) {
			for (int i = 0; i < REROUTE_WARM_UP; i++) {
				hop.run();
				classicHop.hopMillis();
			}
			List<Double> hops = new ArrayList<>();
			List<Double> classicHops = new ArrayList<>();
			List<Double> calls = new ArrayList<>();
			for (int i = 0; i < this.options.rerouteQueries(); i++) {
				Thread.sleep(this.options.ollamaLatency().toMillis());
				BareHop.Timing timing = hop.run();
				hops.add(timing.hopMillis());
				calls.add(timing.callMillis());
				Thread.sleep(this.options.ollamaLatency().toMillis());
				classicHops.add(classicHop.hopMillis());
			}
			double hopMedian = Stats.median(hops);
			String setting = String.format("idle %d ms before each, %d one at a time, nothing else running",
					this.options.ollamaLatency().toMillis(), this.options.rerouteQueries());
			List<String[]> rows = new ArrayList<>();
			rows.add(new String[] { "(b) floor: one bare Kafka hop, the worker stopped", setting,
					String.format("median %.1f ms (p90 %.1f ms)", hopMedian, Stats.percentile(hops, 90)),
					"(what this machine allows)" });
			rows.add(new String[] { "(b) ... the same with the classic consumer", setting, String
				.format("median %.1f ms (p90 %.1f ms)", Stats.median(classicHops), Stats.percentile(classicHops, 90)),
					"(for comparison)" });
			rows.add(new String[] { "(b) floor: one bare 404 round trip", setting,
					String.format("median %.1f ms (p90 %.1f ms)", Stats.median(calls), Stats.percentile(calls, 90)),
					"(what this machine allows)" });
			if (this.rerouteOverDirect != null) {
				rows.add(
						new String[] { "(b) reroute over a direct answer / Kafka hop", "same run",
								String.format("%.1f× the hop with the worker running, %.1f× the quiet one",
										this.rerouteOverDirect / this.busyHop, this.rerouteOverDirect / hopMedian),
								"≤ 2×" });
			}
			return rows;
		}
	}

	/** (c) what a hanging vLLM adds per query, before and after the breaker opens. */
	List<String[]> hang() throws Exception {
		this.vllm.reset().hanging(true);
		this.ollama.reset().latency(this.options.ollamaLatency());
		try (ConfigurableApplicationContext worker = startWorker(Map.of("ragline.llm.roles", "primary,fallback",
				"ragline.vllm.read-timeout", this.options.readTimeout().toMillis() + "ms"))) {
			List<String> ids = new ArrayList<>();
			long pause = 1000 / this.options.hangRatePerSecond();
			for (int i = 0; i < this.options.hangQueries(); i++) {
				ids.addAll(publish(1));
				Thread.sleep(pause);
			}
			List<Double> beforeOpen = new ArrayList<>();
			List<Double> afterOpen = new ArrayList<>();
			for (QueryResult result : await(ids)) {
				String reason = result.fallbackReason().code();
				(FallbackReason.VLLM_CIRCUIT_OPEN.equals(reason) ? afterOpen : beforeOpen).add(addedMillis(result));
			}
			String setting = String.format("read timeout %d ms, %d queries at %d/s, breaker: 50%% of >= 10 calls",
					this.options.readTimeout().toMillis(), this.options.hangQueries(),
					this.options.hangRatePerSecond());
			return List.of(
					new String[] { "(c) added latency while vLLM hangs, before the breaker opens", setting,
							String.format("median %.0f ms over %d queries", Stats.median(beforeOpen),
									beforeOpen.size()),
							"(the read timeout)" },
					new String[] { "(c) ... after the breaker opened", setting,
							String.format("median %.1f ms (p90 %.1f ms) over %d queries", Stats.median(afterOpen),
									Stats.percentile(afterOpen, 90), afterOpen.size()),
							"≤ 10 ms median" });
		}
	}

	private static void traceCalls(List<QueryResult> results) {
		List<Double> generatingWrites = new ArrayList<>();
		List<Double> calls = new ArrayList<>();
		for (QueryResult result : results) {
			Instant generating = result.timestamps().get(QueryStatus.GENERATING);
			generatingWrites.add(ms(generating, result.attempts().get(0).startedAt()));
			calls.add(ms(generating, result.timestamps().get(QueryStatus.DONE)));
		}
		System.out.printf(
				"trace (a): GENERATING write median %.1f p90 %.1f ms; GENERATING to DONE median %.1f p99 %.1f ms%n",
				Stats.median(generatingWrites), Stats.percentile(generatingWrites, 90), Stats.median(calls),
				Stats.percentile(calls, 99));
	}

	private static void traceReroute(QueryResult result) {
		Instant generating = result.timestamps().get(QueryStatus.GENERATING);
		Instant rerouted = result.timestamps().get(QueryStatus.REROUTED);
		var vllmAttempt = result.attempts().get(0);
		var ollamaAttempt = result.attempts().get(1);
		Instant vllmEnd = vllmAttempt.startedAt().plusMillis(vllmAttempt.durationMillis());
		Instant ollamaEnd = ollamaAttempt.startedAt().plusMillis(ollamaAttempt.durationMillis());
		System.out.printf(
				"trace (b): gen->vllm %.1f | vllm %d | vllmEnd->rerouted %.1f | rerouted->ollama %.1f | ollama %d | ollamaEnd->done %.1f%n",
				ms(generating, vllmAttempt.startedAt()), vllmAttempt.durationMillis(), ms(vllmEnd, rerouted),
				ms(rerouted, ollamaAttempt.startedAt()), ollamaAttempt.durationMillis(),
				ms(ollamaEnd, result.timestamps().get(QueryStatus.DONE)));
	}

	private static double ms(Instant from, Instant to) {
		return Duration.between(from, to).toNanos() / 1e6;
	}

	private double addedMillis(QueryResult result) {
		return generatingToDone(result) - this.options.ollamaLatency().toMillis();
	}

	private static double generatingToDone(QueryResult result) {
		return ms(result.timestamps().get(QueryStatus.GENERATING), result.timestamps().get(QueryStatus.DONE));
	}

	private static void expect(QueryResult result, String reason) {
		if (result.status() != QueryStatus.DONE || result.fallbackReason() == null
				|| !reason.equals(result.fallbackReason().code())) {
			throw new IllegalStateException("Unexpected result: " + MessageJson.toString(result));
		}
	}

	private ConfigurableApplicationContext startWorker(Map<String, Object> settings) {
		String suffix = "." + (++this.scenario);
		Map<String, Object> properties = new LinkedHashMap<>(this.env.properties());
		properties.put("ragline.topics.retrieved", "bench.retrieved" + suffix);
		properties.put("ragline.topics.fallback", "bench.fallback" + suffix);
		properties.put("ragline.llm.group-id", "bench-llm" + suffix);
		properties.put("ragline.llm.max-in-flight", this.options.maxInFlight());
		properties.put("ragline.vllm.base-url", this.vllm.baseUrl());
		properties.put("ragline.vllm.model", "served-model");
		properties.put("ragline.ollama.base-url", this.ollama.baseUrl());
		properties.put("ragline.ollama.model", "llama3.2");
		properties.putAll(settings);
		return LlmWorkerApplication.builder().properties(properties).run();
	}

	private List<String> publish(int count) throws Exception {
		String topic = "bench.retrieved." + this.scenario;
		List<String> ids = new ArrayList<>();
		List<Future<?>> acks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = UUID.randomUUID().toString();
			RetrievedQuery query = new RetrievedQuery(QueryMessage.of(id, "Why is the sky blue?"),
					List.of(new Passage("doc-1", "Rayleigh scattering", "Air scatters blue light more than red.", 1.0)),
					Instant.now());
			acks.add(this.producer.send(new ProducerRecord<>(topic, id, MessageJson.toBytes(query))));
			ids.add(id);
		}
		for (Future<?> ack : acks) {
			ack.get();
		}
		return ids;
	}

	private List<QueryResult> await(List<String> ids) throws InterruptedException {
		return this.env.awaitFinal(ids, TIMEOUT);
	}

	private void close() {
		this.producer.close();
		this.vllm.close();
		this.ollama.close();
	}

}
