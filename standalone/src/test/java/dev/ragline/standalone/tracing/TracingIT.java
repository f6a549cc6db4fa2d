package dev.ragline.standalone.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.ragline.standalone.RaglineServices;
import dev.ragline.standalone.TestPipeline;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per query across the three services, joined by the W3C {@code traceparent}
 * header of every Kafka record: the HTTP submit, each hop's send and receive, and the
 * backend call; the trace id is in the result document. A record published without a
 * {@code traceparent} starts a trace of its own.
 */
class TracingIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

	private static final TestScope scope = TestScope.create();

	private static final FakeVllm vllm = FakeVllm.start("qwen2.5-1.5b-instruct");

	private static final FakeOllama ollama = FakeOllama.start("llama3.2");

	private static RaglineServices services;

	private static String api;

	@BeforeAll
	static void start() {
		Map<String, Object> properties = TestPipeline.properties(scope, vllm, ollama);
		properties.put("ragline.test.capture-spans", true);
		properties.put("management.opentelemetry.tracing.export.schedule-delay", "100ms");
		services = TestPipeline.start(scope, properties);
		api = "http://127.0.0.1:" + services.httpPort() + "/api/queries";
	}

	@AfterAll
	static void stop() {
		services.close();
		vllm.close();
		ollama.close();
	}

	@Test
	void theSpansOfOneQueryInEveryServiceShareTheTraceIdOfItsResult() {
		HttpJson.Response submitted = HttpJson.postJson(api,
				"{\"question\":\"Is this query traced? (" + System.nanoTime() + ")\",\"cache\":false}");
		assertThat(submitted.status()).isEqualTo(202);
		JsonNode result = awaitFinal(submitted.json().path("id").asString());
		String traceId = result.path("traceId").asString();
		assertThat(traceId).matches("[0-9a-f]{32}");

		List<SpanData> spans = await().atMost(TIMEOUT)
			.until(() -> spansOf(traceId), (found) -> services(found).size() == 3
					&& found.stream().anyMatch((span) -> span.getKind() == SpanKind.CLIENT));

		assertThat(services(spans)).containsExactlyInAnyOrder("query-ingest", "retriever-worker", "llm-worker");
		assertThat(kinds(spans, "query-ingest")).contains(SpanKind.SERVER, SpanKind.PRODUCER);
		assertThat(kinds(spans, "retriever-worker")).contains(SpanKind.CONSUMER, SpanKind.PRODUCER);
		assertThat(kinds(spans, "llm-worker")).contains(SpanKind.CONSUMER, SpanKind.CLIENT);
		assertThat(spans).filteredOn((span) -> span.getKind() == SpanKind.CONSUMER)
			.allSatisfy((span) -> assertThat(span.getParentSpanContext().isValid()).isTrue());
	}

	@Test
	void aRecordPublishedWithoutATraceparentStartsATraceOfItsOwn() {
		String id = "untraced-" + System.nanoTime();
		TopicReader.publish(scope.queries(), 0, id,
				("{\"question\":\"Published by a plain Kafka client (" + System.nanoTime() + ")\"}").getBytes());

		String traceId = awaitFinal(id).path("traceId").asString();

		assertThat(traceId).matches("[0-9a-f]{32}");
		List<SpanData> spans = await().atMost(TIMEOUT)
			.until(() -> spansOf(traceId), (found) -> services(found).contains("llm-worker"));
		assertThat(services(spans)).containsExactlyInAnyOrder("retriever-worker", "llm-worker");
		assertThat(spans).filteredOn((span) -> !span.getParentSpanContext().isValid())
			.singleElement()
			.satisfies((root) -> assertThat(root.getKind()).isEqualTo(SpanKind.CONSUMER));
	}

	private static List<SpanData> spansOf(String traceId) {
		return CapturedSpans.EXPORTER.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId))
			.toList();
	}

	private static Set<String> services(List<SpanData> spans) {
		return spans.stream().map((span) -> span.getResource().getAttribute(SERVICE)).collect(Collectors.toSet());
	}

	private static Set<SpanKind> kinds(List<SpanData> spans, String service) {
		return spans.stream()
			.filter((span) -> service.equals(span.getResource().getAttribute(SERVICE)))
			.map(SpanData::getKind)
			.collect(Collectors.toSet());
	}

	private static JsonNode awaitFinal(String id) {
		JsonNode result = TestPipeline.awaitFinal(api, id);
		assertThat(result.path("status").asString()).isEqualTo("DONE");
		return result;
	}

}
