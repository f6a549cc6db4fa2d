package dev.ragline.bench.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import dev.ragline.bench.BenchArguments;
import dev.ragline.bench.LauncherProcesses;
import dev.ragline.bench.Stats;
import dev.ragline.bench.Table;
import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./ragline bench shadow}: the shadow experiment's cost and report, measured. The
 * whole standalone pipeline (its own process) with a fake vLLM and a fake Ollama of known
 * speeds (time to the first token, then tokens per second) answers the same open-loop
 * load three times: without the experiment, with every query shadowed to Ollama (switched
 * on for every worker through {@code PUT /api/experiment}), and without it again (drift
 * check). It prints end to end and GENERATING → DONE for each phase side by side, then
 * the comparison report ({@code GET /api/comparisons}) next to the fakes' settings.
 */
public final class ShadowBenchmark {

	private static final Duration DRAIN = Duration.ofSeconds(60);

	private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);

	private static final String VLLM_MODEL = "served-model";

	private static final String OLLAMA_MODEL = "llama3.2";

	private final HttpClient http = HttpClient.newHttpClient();

	/**
	 * @param vllmLatency the fake vLLM's time to the first token
	 * @param vllmTokensPerSecond its rate after that
	 */
	record Options(int rate, int queries, Duration vllmLatency, double vllmTokensPerSecond, Duration ollamaLatency,
			double ollamaTokensPerSecond, Duration warmUp) {

		static Options parse(String[] args) {
			Map<String, String> given = BenchArguments.parse(args, Set.of("rate", "queries", "vllm-latency-ms",
					"vllm-tokens-per-s", "ollama-latency-ms", "ollama-tokens-per-s", "warm-up-s"));
			return new Options(BenchArguments.integer(given, "rate", 10), BenchArguments.integer(given, "queries", 200),
					Duration.ofMillis(BenchArguments.whole(given, "vllm-latency-ms", 40)),
					BenchArguments.decimal(given, "vllm-tokens-per-s", 200),
					Duration.ofMillis(BenchArguments.whole(given, "ollama-latency-ms", 250)),
					BenchArguments.decimal(given, "ollama-tokens-per-s", 40),
					Duration.ofSeconds(BenchArguments.whole(given, "warm-up-s", 20)));
		}

		Duration phase() {
			return Duration.ofMillis(this.queries * 1000L / this.rate);
		}

	}

	private ShadowBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		System.out
			.printf("ragline shadow benchmark: ./ragline standalone in a process of its own (%d cores), a fake vLLM "
					+ "(first token after %d ms, then %.0f tokens/s) and a fake Ollama (%d ms, then %.0f tokens/s), "
					+ "%d unique questions/s over HTTP; %d s warm-up, then %d queries without the experiment, %d "
					+ "with every one shadowed to Ollama, %d without again%n",
					Runtime.getRuntime().availableProcessors(), options.vllmLatency().toMillis(),
					options.vllmTokensPerSecond(), options.ollamaLatency().toMillis(), options.ollamaTokensPerSecond(),
					options.rate(), options.warmUp().toSeconds(), options.queries(), options.queries(),
					options.queries());
		try (FakeVllm vllm = FakeVllm.start(VLLM_MODEL)
			.latency(options.vllmLatency())
			.tokensPerSecond(options.vllmTokensPerSecond());
				FakeOllama ollama = FakeOllama.start(OLLAMA_MODEL)
					.latency(options.ollamaLatency())
					.tokensPerSecond(options.ollamaTokensPerSecond());
				LauncherProcesses processes = LauncherProcesses.create()) {
			List<String> settings = new ArrayList<>(List.of("--ports=auto"));
			settings.addAll(LauncherProcesses.vllmSettings(vllm, VLLM_MODEL));
			settings.addAll(
					List.of("--ragline.ollama.base-url=" + ollama.baseUrl(), "--ragline.ollama.model=" + OLLAMA_MODEL));
			LauncherProcesses.Standalone pipeline = processes.standalone(settings);
			new ShadowBenchmark().run(options, pipeline.apiUrl());
		}
	}

	private void run(Options options, String api) throws Exception {
		runLoad(api, options.rate(), options.warmUp());
		List<OpenLoopLoad.Sample> without = runLoad(api, options.rate(), options.phase());
		switchExperiment(api, "{\"mode\":\"shadow\",\"share\":1.0,\"shadowBackend\":\"ollama\"}", "shadow");
		List<OpenLoopLoad.Sample> with = runLoad(api, options.rate(), options.phase());
		switchExperiment(api, "{\"mode\":\"off\"}", "off");
		List<OpenLoopLoad.Sample> withoutAgain = runLoad(api, options.rate(), options.phase());

		List<String[]> phases = new ArrayList<>();
		phases.add(phase("without the experiment", without));
		phases.add(phase("every query shadowed to Ollama", with));
		phases.add(phase("without the experiment, again", withoutAgain));
		Table.print(new String[] { "phase", "DONE", "end to end p50 (ms)", "p95", "GENERATING → DONE p50", "p95",
				"vLLM call p50" }, phases);

		JsonNode report = awaitReport(api, with.size());
		List<String[]> backends = new ArrayList<>();
		for (JsonNode figures : report.path("backends")) {
			boolean vllm = figures.path("backend").asString().equals("vllm");
			Duration fakeLatency = vllm ? options.vllmLatency() : options.ollamaLatency();
			double fakeRate = vllm ? options.vllmTokensPerSecond() : options.ollamaTokensPerSecond();
			backends.add(new String[] { figures.path("role").asString(), figures.path("backend").asString(),
					figures.path("model").asString(), figures.path("count").asString(),
					figures.path("errors").asString(), number(figures.path("latencyP50Ms"), "%.0f"),
					number(figures.path("latencyP95Ms"), "%.0f"),
					number(figures.path("timeToFirstTokenP50Ms"), "%.0f") + " (fake " + fakeLatency.toMillis() + ")",
					number(figures.path("tokensPerSecondP50"), "%.0f") + String.format(" (fake %.0f)", fakeRate) });
		}
		Table.print(new String[] { "role", "backend", "model", "calls", "errors", "p50 (ms)", "p95",
				"first token p50 (ms)", "tokens/s p50" }, backends);
		System.out.printf(
				"%d of %d shadowed queries compared (the rest dropped: every shadow slot busy); answers agree on "
						+ "%s of their cited passages, meaning similarity %s (cosine of their embeddings; the fakes "
						+ "give canned answers)%n",
				report.path("comparisons").asInt(), with.size(), percent(report.path("sourceAgreement")),
				number(report.path("answerSimilarity"), "%.2f"));
	}

	/**
	 * Submits {@code rate} queries a second for {@code length}; their final documents.
	 */
	private static List<OpenLoopLoad.Sample> runLoad(String api, int rate, Duration length)
			throws InterruptedException {
		try (OpenLoopLoad load = new OpenLoopLoad(api)) {
			load.start(rate);
			Thread.sleep(length.toMillis());
			load.stop(DRAIN);
			if (load.failures() > 0) {
				System.out.printf("%d queries failed; the first with: %s%n", load.failures(), load.firstFailure());
			}
			return load.samples();
		}
	}

	/**
	 * Sets the experiment for every llm-worker and waits until each one reports running
	 * it.
	 */
	private void switchExperiment(String api, String body, String mode) throws Exception {
		send(HttpRequest.newBuilder(URI.create(api + "/api/experiment"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
		Instant until = Instant.now().plus(SWITCH_TIMEOUT);
		while (Instant.now().isBefore(until)) {
			JsonNode workers = send(HttpRequest.newBuilder(URI.create(api + "/api/experiment")).GET()).path("workers");
			boolean all = !workers.isEmpty();
			for (JsonNode worker : workers) {
				all &= worker.path("experiment").path("mode").asString().equals(mode);
			}
			if (all) {
				return;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("The llm-workers did not report the experiment " + mode + " within "
				+ SWITCH_TIMEOUT.toSeconds() + " s");
	}

	/** The comparison report once the shadows of the shadowed phase have ended. */
	private JsonNode awaitReport(String api, int shadowed) throws Exception {
		Instant until = Instant.now().plus(REPORT_TIMEOUT);
		JsonNode report;
		int last = -1;
		do {
			report = send(HttpRequest.newBuilder(URI.create(api + "/api/comparisons?limit=" + shadowed)).GET());
			int count = report.path("comparisons").asInt();
			if (count >= shadowed || count == last) {
				return report;
			}
			last = count;
			Thread.sleep(1000);
		}
		while (Instant.now().isBefore(until));
		return report;
	}

	private JsonNode send(HttpRequest.Builder request) throws Exception {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
		}
		return MessageJson.tree(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static String[] phase(String name, List<OpenLoopLoad.Sample> samples) {
		List<OpenLoopLoad.Sample> done = samples.stream()
			.filter((sample) -> sample.result().status() == QueryStatus.DONE)
			.toList();
		return new String[] { name, done.size() + " / " + samples.size(), fmt(done, ShadowBenchmark::endToEnd, 50),
				fmt(done, ShadowBenchmark::endToEnd, 95), fmt(done, ShadowBenchmark::generatingToDone, 50),
				fmt(done, ShadowBenchmark::generatingToDone, 95), fmt(done, ShadowBenchmark::vllmCall, 50) };
	}

	private static double endToEnd(OpenLoopLoad.Sample sample) {
		return sample.endToEndMillis();
	}

	private static double generatingToDone(OpenLoopLoad.Sample sample) {
		QueryResult result = sample.result();
		Instant generating = result.timestamps().get(QueryStatus.GENERATING);
		Instant done = result.timestamps().get(QueryStatus.DONE);
		return Duration.between(generating, done).toNanos() / 1e6;
	}

	private static double vllmCall(OpenLoopLoad.Sample sample) {
		return sample.result()
			.attempts()
			.stream()
			.filter((attempt) -> Attempt.ANSWERED.equals(attempt.outcome()))
			.mapToDouble(Attempt::durationMillis)
			.findFirst()
			.orElse(Double.NaN);
	}

	private static String fmt(List<OpenLoopLoad.Sample> samples, ToDoubleFunction<OpenLoopLoad.Sample> value,
			double percentile) {
		List<Double> values = samples.stream().mapToDouble(value).filter((v) -> !Double.isNaN(v)).boxed().toList();
		return values.isEmpty() ? "–" : String.format("%.1f", Stats.percentile(values, percentile));
	}

	private static String number(JsonNode value, String format) {
		return value.isNumber() ? String.format(format, value.asDouble()) : "–";
	}

	private static String percent(JsonNode share) {
		return share.isNumber() ? String.format("%.0f %%", share.asDouble() * 100) : "–";
	}

}
