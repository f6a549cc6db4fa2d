package dev.ragline.llm;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.Comparison;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.llm.experiment.AnswerSimilarity;
import dev.ragline.llm.experiment.Experiment;
import dev.ragline.llm.experiment.ExperimentFollower;
import dev.ragline.resultstore.ComparisonLog;
import dev.ragline.resultstore.ExperimentSettings;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shadow experiment with a fast vLLM (first token after 40 ms, then 200 tokens/s) and
 * a slow Ollama (150 ms, then 100 tokens/s): every query is answered by vLLM as before;
 * the shadow call to Ollama is added to the final document as {@code comparison} and to
 * the comparison log afterwards, with latencies, times to first token and token rates
 * that match the fakes; the primary answers are no slower than without the experiment.
 */
class ShadowIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration VLLM_LATENCY = Duration.ofMillis(40);

	private static final Duration OLLAMA_LATENCY = Duration.ofMillis(150);

	private static final double VLLM_TOKENS_PER_SECOND = 200;

	private static final double OLLAMA_TOKENS_PER_SECOND = 100;

	/** Twenty queries a second. */
	private static final Duration PAUSE = Duration.ofMillis(50);

	private static final TestScope scope = TestScope.create();

	private static final FakeVllm vllm = FakeVllm.start("served-model")
		.latency(VLLM_LATENCY)
		.tokensPerSecond(VLLM_TOKENS_PER_SECOND);

	private static final FakeOllama ollama = FakeOllama.start("llama3.2")
		.latency(OLLAMA_LATENCY)
		.tokensPerSecond(OLLAMA_TOKENS_PER_SECOND);

	private static ConfigurableApplicationContext worker;

	@BeforeAll
	static void start() {
		worker = LlmWorkerApplication.builder()
			.properties(scope.properties())
			.properties(Map.of("server.port", 0, "ragline.llm.roles", "primary", "ragline.vllm.base-url",
					vllm.baseUrl(), "ragline.vllm.model", "served-model", "ragline.ollama.base-url", ollama.baseUrl(),
					"ragline.ollama.model", "llama3.2", "ragline.experiment.mode", "off", "ragline.experiment.share",
					1.0))
			// about 6 Ollama shadows run at once at this rate: room to spare on a slow
			// machine
			.properties(Map.of("ragline.experiment.shadow-max-in-flight", 16))
			.run();
	}

	@AfterAll
	static void stop() {
		worker.close();
		vllm.close();
		ollama.close();
	}

	@AfterEach
	void experimentOff() {
		worker.getBean(ExperimentSettings.class).clear();
		worker.getBean(ExperimentFollower.class).follow();
		worker.getBean(ComparisonLog.class).clear();
	}

	@Test
	void shadowsEveryQueryToOllamaWithoutChangingOrDelayingItsAnswer() throws Exception {
		List<QueryResult> withoutShadow = answerAll(RetrievedQueries.publish(scope.retrieved(), 60, PAUSE));
		assertThat(worker.getBean(ComparisonLog.class).latest(1000)).isEmpty();

		share(new ExperimentSetting("shadow", 1.0, "ollama", null));
		await().atMost(TIMEOUT).until(worker.getBean(AnswerSimilarity.class)::loaded);
		List<QueryResult> withShadow = answerAll(RetrievedQueries.publish(scope.retrieved(), 200, PAUSE));

		assertThat(withShadow).allSatisfy((result) -> {
			assertThat(result.status()).isEqualTo(QueryStatus.DONE);
			assertThat(result.backend()).isEqualTo(Backends.VLLM);
			assertThat(result.timestamps()).doesNotContainKey(QueryStatus.REROUTED);
			assertThat(result.attempts()).extracting((attempt) -> attempt.backend()).containsOnly(Backends.VLLM);
		});
		double dropped = worker.getBean(MeterRegistry.class).get("ragline.experiment.shadow.dropped").counter().count();
		ComparisonLog log = worker.getBean(ComparisonLog.class);
		await().atMost(TIMEOUT).until(() -> log.latest(1000).size() + dropped >= 200);
		List<Comparison> comparisons = log.latest(1000);
		ResultStore store = worker.getBean(ResultStore.class);
		for (Comparison comparison : comparisons) {
			QueryResult result = store.find(comparison.queryId()).orElseThrow();
			assertThat(result.comparison()).isEqualTo(comparison);
			assertThat(result.status()).isEqualTo(QueryStatus.DONE);
			assertThat(result.answer()).as("the user's answer is vLLM's").contains("from vLLM");
		}
		assertThat(comparisons).allSatisfy((comparison) -> {
			assertThat(comparison.answered()).isTrue();
			assertThat(comparison.backend()).isEqualTo(Backends.OLLAMA);
			assertThat(comparison.model()).isEqualTo("llama3.2");
			assertThat(comparison.primaryBackend()).isEqualTo(Backends.VLLM);
			assertThat(comparison.answer()).isNotBlank();
			assertThat(comparison.sourceAgreement()).isBetween(0.0, 1.0);
			assertThat(comparison.answerSimilarity()).as("by the embedding model").isBetween(0.0, 1.0);
		});
		double shadowP50 = median(comparisons, Comparison::latencyMs);
		double shadowFirstToken = median(comparisons, Comparison::timeToFirstTokenMs);
		double shadowRate = median(comparisons, Comparison::tokensPerSecond);
		double primaryP50 = median(comparisons, Comparison::primaryLatencyMs);
		double primaryFirstToken = median(comparisons, Comparison::primaryTimeToFirstTokenMs);
		double primaryRate = median(comparisons, Comparison::primaryTokensPerSecond);
		double generatingWithout = median(withoutShadow.stream().map(ShadowIT::generatingToDone).toList());
		double generatingWith = median(withShadow.stream().map(ShadowIT::generatingToDone).toList());
		System.out.printf(
				"Shadow run: %d of 200 shadowed (%.0f dropped); Ollama p50 %.0f ms, first token %.0f ms, %.0f tokens/s "
						+ "(fake: 150 ms, then 100 tokens/s); vLLM p50 %.0f ms, first token %.0f ms, %.0f tokens/s "
						+ "(fake: 40 ms, then 200 tokens/s); GENERATING -> DONE p50 %.1f ms with the shadow, %.1f ms "
						+ "without%n",
				comparisons.size(), dropped, shadowP50, shadowFirstToken, shadowRate, primaryP50, primaryFirstToken,
				primaryRate, generatingWith, generatingWithout);
		assertThat(comparisons.size() + dropped).isEqualTo(200);
		assertThat(comparisons.size()).as("shadows kept up at this rate").isGreaterThanOrEqualTo(180);
		String shadowAnswer = comparisons.get(0).answer();
		String primaryAnswer = store.find(comparisons.get(0).queryId()).orElseThrow().answer();
		assertMatchesTheFake(shadowFirstToken, shadowRate, shadowP50, shadowAnswer, OLLAMA_LATENCY,
				OLLAMA_TOKENS_PER_SECOND);
		assertMatchesTheFake(primaryFirstToken, primaryRate, primaryP50, primaryAnswer, VLLM_LATENCY,
				VLLM_TOKENS_PER_SECOND);
		assertThat(generatingWith).as("the primary answer is not delayed by its shadow")
			.isLessThan(generatingWithout * 2 + 30);
	}

	@Test
	void theSplitExperimentSwitchedOnOverHttpHasAShareOfTheQueriesAnsweredByOllamaAndSaysSo() throws Exception {
		String endpoint = "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port")
				+ "/actuator/experiment";
		HttpJson.Response switched = HttpJson.postJson(endpoint, "{\"mode\":\"split\",\"share\":0.5}");
		assertThat(switched.status()).isEqualTo(200);
		assertThat(HttpJson.get(endpoint).json().path("mode").asString()).isEqualTo("split");
		assertThat(HttpJson.get(endpoint).json().path("share").asDouble()).isEqualTo(0.5);
		try {
			List<QueryResult> results = answerAll(RetrievedQueries.publish(scope.retrieved(), 40, PAUSE));

			List<QueryResult> split = results.stream().filter((result) -> "split".equals(result.experiment())).toList();
			assertThat(split).as("about half, by the hash of the id").hasSizeBetween(5, 35);
			assertThat(split).allSatisfy((result) -> {
				assertThat(result.backend()).isEqualTo(Backends.OLLAMA);
				assertThat(result.model()).isEqualTo("llama3.2");
				assertThat(result.fallbackReason()).as("not a reroute").isNull();
				assertThat(result.timestamps()).doesNotContainKey(QueryStatus.REROUTED);
				assertThat(result.attempts()).extracting((attempt) -> attempt.backend())
					.containsExactly(Backends.OLLAMA);
			});
			assertThat(results).filteredOn((result) -> result.experiment() == null)
				.hasSize(40 - split.size())
				.allSatisfy((result) -> assertThat(result.backend()).isEqualTo(Backends.VLLM));
		}
		finally {
			assertThat(HttpJson.delete(endpoint).json().path("mode").asString()).as("back to its configuration")
				.isEqualTo("off");
		}
	}

	@Test
	void theOtherWayRoundOllamaAnswersAndVllmIsItsShadowWithoutCountingForVllmsHealth() throws Exception {
		AtomicInteger breakerEvents = new AtomicInteger();
		worker.getBean(CircuitBreaker.class).getEventPublisher().onEvent((event) -> breakerEvents.incrementAndGet());
		share(new ExperimentSetting("shadow", 1.0, "vllm", null));

		List<QueryResult> results = answerAll(RetrievedQueries.publish(scope.retrieved(), 20, PAUSE));

		assertThat(results).allSatisfy((result) -> {
			assertThat(result.backend()).isEqualTo(Backends.OLLAMA);
			assertThat(result.experiment()).isEqualTo("shadow");
			assertThat(result.answer()).doesNotContain("from vLLM");
		});
		ComparisonLog log = worker.getBean(ComparisonLog.class);
		await().atMost(TIMEOUT).until(() -> log.latest(100).size() == 20);
		assertThat(log.latest(100)).allSatisfy((comparison) -> {
			assertThat(comparison.answered()).isTrue();
			assertThat(comparison.backend()).isEqualTo(Backends.VLLM);
			assertThat(comparison.model()).isEqualTo("served-model");
			assertThat(comparison.answer()).contains("from vLLM");
			assertThat(comparison.primaryBackend()).isEqualTo(Backends.OLLAMA);
			assertThat(comparison.primaryLatencyMs()).isGreaterThanOrEqualTo(OLLAMA_LATENCY.toMillis());
		});
		assertThat(breakerEvents).as("shadow calls are no verdict on vLLM's circuit breaker").hasValue(0);
	}

	@Test
	void aSettingSharedInRedisReachesTheWorkerWithinASecondAndRemovingItRestoresItsConfiguration() {
		ExperimentSettings shared = worker.getBean(ExperimentSettings.class);
		Experiment experiment = worker.getBean(Experiment.class);

		shared.write(new ExperimentSetting("split", 0.3, null, null));
		await().atMost(Duration.ofSeconds(3)).until(() -> experiment.setting().mode().equals("split"));
		assertThat(experiment.setting().share()).isEqualTo(0.3);

		shared.clear();
		await().atMost(Duration.ofSeconds(3)).until(() -> experiment.setting().mode().equals("off"));
	}

	private static void share(ExperimentSetting setting) {
		worker.getBean(ExperimentSettings.class).write(setting);
		worker.getBean(ExperimentFollower.class).follow();
	}

	private static double generatingToDone(QueryResult result) {
		return Duration
			.between(result.timestamps().get(QueryStatus.GENERATING), result.timestamps().get(QueryStatus.DONE))
			.toNanos() / 1e6;
	}

	/**
	 * The first token comes after the fake's latency, then the answer's tokens (four
	 * characters each) at its rate, so the whole call takes the latency and the tokens
	 * after the first; each within the noise of a loaded machine.
	 */
	private static void assertMatchesTheFake(double firstToken, double rate, double latency, String answer,
			Duration fakeLatency, double fakeRate) {
		double tokens = Math.ceil(answer.length() / 4.0);
		double expectedLatency = fakeLatency.toMillis() + (tokens - 1) * 1000 / fakeRate;
		assertThat(firstToken).as("time to first token")
			.isBetween((double) fakeLatency.toMillis(), fakeLatency.toMillis() + 40.0);
		assertThat(rate).as("tokens per second").isBetween(fakeRate * 0.75, fakeRate * 1.25);
		assertThat(latency).as("latency").isBetween(expectedLatency, expectedLatency + 80);
	}

	private static double median(List<Comparison> comparisons, Function<Comparison, Number> figure) {
		return median(comparisons.stream().map(figure).map(Number::doubleValue).toList());
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
		return sorted.get(sorted.size() / 2);
	}

	private static List<QueryResult> answerAll(List<String> ids) {
		ResultStore store = worker.getBean(ResultStore.class);
		return await().atMost(TIMEOUT).until(() -> {
			List<QueryResult> results = ids.stream().map((id) -> store.find(id).orElse(null)).toList();
			return results.stream().allMatch((r) -> r != null && r.status() == QueryStatus.DONE) ? results : null;
		}, (results) -> results != null);
	}

}
