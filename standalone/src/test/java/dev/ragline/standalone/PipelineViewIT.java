package dev.ragline.standalone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.retriever.documents.SampleCorpus;
import dev.ragline.standalone.client.AskCommand;
import dev.ragline.standalone.client.StatusCommand;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/pipeline} on a running pipeline: the lag of each stage's consumer group
 * from the broker, each worker's own status from Redis, the reroutes of the last minute
 * and the answer cache's hit rate.
 */
class PipelineViewIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final TestScope scope = TestScope.create();

	private static final FakeVllm vllm = FakeVllm.start("qwen2.5-1.5b-instruct");

	private static final FakeOllama ollama = FakeOllama.start("llama3.2");

	private static RaglineServices services;

	private static String base;

	@BeforeAll
	static void start() {
		Map<String, Object> properties = TestPipeline.properties(scope, vllm, ollama);
		// two calls at once per role, so that a handful of slow calls makes a backlog
		properties.put("ragline.llm.max-in-flight", 2);
		properties.put("ragline.redis.worker-status-interval", "500ms");
		services = TestPipeline.start(scope, properties);
		base = "http://127.0.0.1:" + services.httpPort();
	}

	@AfterAll
	static void stop() {
		services.close();
		vllm.close();
		ollama.close();
	}

	@BeforeEach
	void resetFakes() {
		vllm.reset();
		ollama.reset();
	}

	@Test
	void showsEveryWorkerWithWhatItHolds() {
		JsonNode view = await().atMost(TIMEOUT)
			.until(PipelineViewIT::pipeline,
					(json) -> worker(json, "retriever-worker").isPresent() && worker(json, "llm-worker").isPresent()
							&& !worker(json, "retriever-worker").get().path("corpusVersion").isNull());

		JsonNode retriever = worker(view, "retriever-worker").orElseThrow();
		assertThat(retriever.path("documents").asInt()).isEqualTo(SampleCorpus.documents().size());
		assertThat(retriever.path("instance").asString()).endsWith(":" + ProcessHandle.current().pid());
		JsonNode llm = worker(view, "llm-worker").orElseThrow();
		assertThat(llm.path("role").asString()).isEqualTo("primary+fallback");
		assertThat(llm.path("maxInFlight").asInt()).isEqualTo(4);
		assertThat(llm.path("breakers").path("vllm").asString()).isEqualTo("CLOSED");
		assertThat(view.path("problems")).isEmpty();
	}

	@Test
	void showsTheLagOfABacklogWhileItWaitsAndNoneOnceItDrained() {
		vllm.latency(Duration.ofMillis(800));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ids.add(submit("Backlog question " + i + " (" + System.nanoTime() + ")", false));
		}

		JsonNode busy = await().atMost(TIMEOUT)
			.until(PipelineViewIT::pipeline, (json) -> group(json, "llm").path("lag").asLong() > 0
					&& worker(json, "llm-worker").orElseThrow().path("inFlight").asInt() > 0);
		JsonNode llm = group(busy, "llm");
		assertThat(llm.path("topic").asString()).isEqualTo(scope.retrieved());
		assertThat(llm.path("members").asInt()).isEqualTo(1);
		assertThat(llm.path("partitions").asInt()).isEqualTo(TestScope.PARTITIONS);

		ids.forEach(PipelineViewIT::awaitFinal);
		JsonNode drained = await().atMost(TIMEOUT)
			.until(PipelineViewIT::pipeline, (json) -> group(json, "llm").path("lag").asLong() == 0
					&& group(json, "retriever").path("lag").asLong() == 0);
		assertThat(group(drained, "retriever").path("topic").asString()).isEqualTo(scope.queries());
		assertThat(group(drained, "llm").path("recordsPerSecond").isNull()).isFalse();
		JsonNode calls = worker(drained, "llm-worker").orElseThrow().path("calls").path("vllm");
		assertThat(calls.path("lastMinute").asInt()).isGreaterThanOrEqualTo(10);
		assertThat(calls.path("p50Ms").asDouble()).isGreaterThanOrEqualTo(800);
	}

	@Test
	void countsTheReroutesOfTheLastMinuteByReason() {
		vllm.serving("some-other-model");

		awaitFinal(submit("Which model answers this? (" + System.nanoTime() + ")", false));

		// the worker writes its status every 500 ms here
		JsonNode view = await().atMost(TIMEOUT)
			.until(PipelineViewIT::pipeline,
					(json) -> json.path("reroutesLastMinute").path(FallbackReason.VLLM_MODEL_NOT_FOUND).asInt() >= 1);
		assertThat(worker(view, "llm-worker").orElseThrow()
			.path("reroutesLastMinute")
			.path(FallbackReason.VLLM_MODEL_NOT_FOUND)
			.asInt()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void countsAnswerCacheHits() {
		JsonNode before = pipeline().path("cache");
		String question = "Is this answer cached? (" + System.nanoTime() + ")";
		awaitFinal(submit(question, true));
		HttpJson.Response again = HttpJson.postJson(base + "/api/queries", "{\"question\":\"" + question + "\"}");
		assertThat(again.status()).isEqualTo(200);

		// a view is served again for a second
		JsonNode cache = await().atMost(TIMEOUT)
			.until(() -> pipeline().path("cache"),
					(json) -> json.path("lookups").asLong() >= before.path("lookups").asLong() + 2);

		assertThat(cache.path("lookups").asLong()).isEqualTo(before.path("lookups").asLong() + 2);
		assertThat(cache.path("hits").asLong()).isEqualTo(before.path("hits").asLong() + 1);
		assertThat(cache.path("hitRate").asDouble()).isBetween(0.0, 1.0);
	}

	@Test
	void askAndStatusWorkFromTheCommandLine() {
		vllm.answering("Asked from the command line [1].");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int asked = AskCommand.run(
				new String[] { "Is the command line answered? (" + System.nanoTime() + ")", "--url=" + base }, Map.of(),
				new PrintStream(out, true), new PrintStream(err, true));

		assertThat(asked).as("stderr: %s", err).isZero();
		assertThat(out.toString()).contains("Asked from the command line [1].", "Sources:",
				"Answered by vllm (qwen2.5-1.5b-instruct)");
		assertThat(err.toString()).contains("DONE");

		out.reset();
		int shown = StatusCommand.run(new String[] { "--url=" + base }, Map.of(), new PrintStream(out, true),
				new PrintStream(err, true));

		assertThat(shown).isZero();
		assertThat(out.toString()).contains("Consumer groups", scope.queries(), scope.retrieved(), "llm-worker",
				"retriever-worker", "Answer cache: ");
	}

	/**
	 * Every metric the Grafana dashboard of the compose file's observability profile
	 * plots is one these services export, once they have answered and rerouted a query.
	 */
	@Test
	void theDashboardPlotsMetricsTheServicesExport() throws Exception {
		awaitFinal(submit("Are the dashboard's metrics there? (" + System.nanoTime() + ")", false));
		vllm.serving("some-other-model");
		awaitFinal(submit("And the reroutes' metrics? (" + System.nanoTime() + ")", false));
		String dashboard = Files
			.readString(Path.of("..", "deploy", "observability", "grafana", "dashboards", "ragline.json"));
		Set<String> plotted = new TreeSet<>();
		Matcher metric = Pattern.compile("\\b((?:kafka|ragline|resilience4j|http_server)_[a-z_]+)").matcher(dashboard);
		while (metric.find()) {
			plotted.add(metric.group(1));
		}
		String exported = Stream.of(services.ingest(), services.retriever(), services.llm())
			.map((context) -> context.getBean(PrometheusMeterRegistry.class).scrape())
			.collect(Collectors.joining("\n"));

		assertThat(plotted).hasSizeGreaterThanOrEqualTo(8);
		assertThat(plotted)
			.allSatisfy((name) -> assertThat(exported).as(name).containsPattern("(?m)^" + name + "[{ ]"));
	}

	private static JsonNode pipeline() {
		HttpJson.Response response = HttpJson.get(base + "/api/pipeline");
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private static Optional<JsonNode> worker(JsonNode view, String service) {
		return StreamSupport.stream(view.path("workers").spliterator(), false)
			.filter((worker) -> service.equals(worker.path("service").asString()))
			.findFirst();
	}

	/** The stage's group of this test's scope (other tests' groups read other topics). */
	private static JsonNode group(JsonNode view, String stage) {
		return StreamSupport.stream(view.path("groups").spliterator(), false)
			.filter((group) -> stage.equals(group.path("stage").asString()))
			.findFirst()
			.orElse(MessageJson.tree("{}".getBytes()));
	}

	private static String submit(String question, boolean cache) {
		HttpJson.Response response = HttpJson.postJson(base + "/api/queries",
				"{\"question\":\"" + question + "\",\"cache\":" + cache + "}");
		assertThat(response.status()).isEqualTo(202);
		return response.json().path("id").asString();
	}

	private static JsonNode awaitFinal(String id) {
		return TestPipeline.awaitFinal(base + "/api/queries", id);
	}

}
