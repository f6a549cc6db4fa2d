package dev.ragline.ingest;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Comparison;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.CachedAnswer;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.resultstore.CorpusVersionFollower;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query contract beyond submit-and-poll, on a real broker and Redis: idempotency
 * keys, the answer cache, long-polling, Server-Sent Events, cancellation, limits, health
 * and the OpenAPI description.
 */
class QueryLifecycleIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final TestScope scope = TestScope.create();

	private static IngestServer ingest;

	private static ResultStore store;

	private static String base;

	private static String api;

	@BeforeAll
	static void start() {
		ingest = IngestServer.start(scope);
		store = ingest.bean(ResultStore.class);
		base = ingest.baseUrl();
		api = ingest.url("/api/queries");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void aRetryWithTheSameIdempotencyKeyGetsTheSameQueryAndAnotherBodyIsRefused() {
		String key = UUID.randomUUID().toString();

		HttpJson.Response first = submit("{\"question\":\"Is this idempotent?\"}", key);
		HttpJson.Response retry = submit("{\"question\":\"Is this idempotent?\"}", key);
		HttpJson.Response other = submit("{\"question\":\"Something else?\"}", key);

		assertThat(first.status()).isEqualTo(202);
		assertThat(retry.status()).isEqualTo(202);
		assertThat(retry.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.json().path("detail").asString()).contains("was used for a different request");
		try (TopicReader reader = TopicReader.of(scope.queries())) {
			reader.awaitKey(first.json().path("id").asString(), TIMEOUT);
			assertThat(reader.records()).filteredOn((record) -> record.key().equals(first.json().path("id").asString()))
				.hasSize(1);
		}
		assertThat(submit("{\"question\":\"x\"}", "bad key with spaces").status()).isEqualTo(400);
	}

	@Test
	void answersAQuestionAskedBeforeAtOnceFromTheCacheUnlessTheClientOptsOut() {
		QueryMessage earlier = QueryMessage.of("earlier-" + UUID.randomUUID(), "What makes bread rise?");
		long version = ingest.bean(CorpusVersion.class).current();
		ingest.bean(AnswerCache.class)
			.put(earlier, version,
					new CachedAnswer(earlier.id(), "Yeast [1].",
							List.of(new Passage("bread", "Baking", "Yeast ferments sugar.", 3.0)), Backends.VLLM,
							"qwen", Instant.now()));

		HttpJson.Response hit = HttpJson.postJson(api, "{\"question\":\"  what MAKES  bread\\n rise?\"}");
		HttpJson.Response bypass = HttpJson.postJson(api, "{\"question\":\"What makes bread rise?\",\"cache\":false}");

		assertThat(hit.status()).isEqualTo(200);
		assertThat(hit.header("Location")).endsWith("/api/queries/" + hit.json().path("id").asString());
		assertThat(hit.json().path("status").asString()).isEqualTo("DONE");
		assertThat(hit.json().path("backend").asString()).isEqualTo("cache");
		assertThat(hit.json().path("answer").asString()).isEqualTo("Yeast [1].");
		assertThat(hit.json().path("cachedFrom").asString()).isEqualTo(earlier.id());
		assertThat(HttpJson.get(api + "/" + hit.json().path("id").asString()).json().path("status").asString())
			.isEqualTo("DONE");
		assertThat(bypass.status()).isEqualTo(202);

		long changed = ingest.bean(CorpusVersion.class).bump();
		await().atMost(TIMEOUT).until(ingest.bean(CorpusVersionFollower.class)::current, (seen) -> seen == changed);
		assertThat(HttpJson.postJson(api, "{\"question\":\"What makes bread rise?\"}").status())
			.as("a changed collection invalidates the cache")
			.isEqualTo(202);
	}

	@Test
	void longPollsUntilTheQueryIsFinal() throws Exception {
		String id = submit("{\"question\":\"Wait for me?\"}", null).json().path("id").asString();
		CompletableFuture<HttpJson.Response> waiting = CompletableFuture
			.supplyAsync(() -> HttpJson.get(api + "/" + id + "?wait=10s"));
		Thread.sleep(300);
		assertThat(waiting).isNotDone();

		finish(id);

		HttpJson.Response answered = waiting.get(5, TimeUnit.SECONDS);
		assertThat(answered.status()).isEqualTo(200);
		assertThat(answered.header("Content-Type")).isEqualTo("application/json");
		assertThat(answered.body()).as("the document exactly as stored").isEqualTo(store.findJson(id).orElseThrow());
		assertThat(answered.header("Content-Length"))
			.isEqualTo(Integer.toString(answered.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
		assertThat(answered.json().path("status").asString()).isEqualTo("DONE");
	}

	@Test
	void aLongPollWhoseQueryVanishesWhileItWaitsEndsWithAProblem() throws Exception {
		String id = submit("{\"question\":\"Will I expire?\"}", null).json().path("id").asString();
		CompletableFuture<HttpJson.Response> waiting = CompletableFuture
			.supplyAsync(() -> HttpJson.get(api + "/" + id + "?wait=1s"));
		Thread.sleep(300);
		assertThat(waiting).isNotDone();

		store.delete(id);

		HttpJson.Response vanished = waiting.get(5, TimeUnit.SECONDS);
		assertThat(vanished.status()).isEqualTo(404);
		assertThat(vanished.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(vanished.json().path("detail").asString()).contains("No query with id '" + id + "'");
		assertThat(vanished.json().path("instance").asString()).isEqualTo("/api/queries/" + id);
		assertThat(HttpJson.get(api + "/" + id + "?wait=1s").status()).as("and so does the next one, at once")
			.isEqualTo(404);
	}

	@Test
	void aLongPollEndsWithTheCurrentDocumentWhenTheWaitIsOver() {
		String id = submit("{\"question\":\"Nobody answers this?\"}", null).json().path("id").asString();

		long start = System.nanoTime();
		HttpJson.Response response = HttpJson.get(api + "/" + id + "?wait=300ms");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("status").asString()).isEqualTo("QUEUED");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(HttpJson.get(api + "/no-such-id?wait=1s").status()).isEqualTo(404);
		assertThat(HttpJson.get(api + "/" + id + "?wait=soon").status()).isEqualTo(400);
	}

	@Test
	void streamsEveryChangeAsServerSentEventsAndEndsAfterTheFinalOne() throws Exception {
		String id = submit("{\"question\":\"Stream me?\"}", null).json().path("id").asString();
		HttpResponse<InputStream> stream = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(api + "/" + id + "/events")).build(),
					HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
		CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> readEvents(stream.body()));

		Instant now = Instant.now();
		store.update(id, (current) -> current.toBuilder().status(QueryStatus.GENERATING, now).build());
		store.update(id, (current) -> current.toBuilder().partialAnswer("Half an").build());
		finish(id);

		List<String> data = events.get(10, TimeUnit.SECONDS);
		List<String> statuses = data.stream()
			.map((json) -> MessageJson.read(json, QueryResult.class).status().name())
			.toList();
		assertThat(statuses).containsExactly("QUEUED", "GENERATING", "GENERATING", "DONE");
		assertThat(MessageJson.read(data.get(2), QueryResult.class).partialAnswer()).isEqualTo("Half an");
		assertThat(HttpJson.get(api + "/no-such-id/events").status()).isEqualTo(404);
	}

	@Test
	void cancelsAQueryOnceAndNeverAFinalOne() {
		String id = submit("{\"question\":\"Cancel me?\"}", null).json().path("id").asString();

		HttpJson.Response cancelled = delete(api + "/" + id);

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
		assertThat(delete(api + "/" + id).status()).isEqualTo(409);
		assertThat(delete(api + "/no-such-id").status()).isEqualTo(404);
		assertThat(store.find(id)).get().extracting(QueryResult::status).isEqualTo(QueryStatus.CANCELLED);
	}

	@Test
	void refusesBodiesOverTheSizeLimitWith413() {
		String huge = "{\"question\":\"" + "a".repeat(20_000) + "\"}";

		HttpJson.Response response = HttpJson.postJson(api, huge);

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString())
			.isEqualTo("The request body is larger than 16 KB; a question may be at most 4000 characters long");
	}

	@Test
	void reportsReadinessWithKafkaAndRedisAndServesPrometheusMetrics() {
		HttpJson.Response readiness = HttpJson.get(base + "/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		JsonNode components = readiness.json().path("components");
		assertThat(components.path("redis").path("status").asString()).isEqualTo("UP");
		assertThat(components.path("kafka").path("status").asString()).isEqualTo("UP");

		HttpJson.Response metrics = HttpJson.get(base + "/actuator/prometheus");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("http_server_requests");
	}

	@Test
	@SuppressWarnings("unchecked")
	void servesAnOpenApiDescriptionOfEveryEndpoint() {
		HttpJson.Response spec = HttpJson.get(base + "/openapi.yaml");

		assertThat(spec.status()).isEqualTo(200);
		// parsed as YAML, not only searched: a strict parser (a client generator's) must
		// read it
		Map<String, Object> parsed = new Yaml().load(spec.body());
		assertThat(parsed).containsEntry("openapi", "3.1.0");
		assertThat((Map<String, Object>) parsed.get("paths")).containsOnlyKeys("/api/queries", "/api/queries/{id}",
				"/api/queries/{id}/events", "/api/documents", "/api/documents/{id}", "/api/pipeline",
				"/api/comparisons", "/api/experiment");
	}

	@Test
	@SuppressWarnings("unchecked")
	void describesEveryFieldOfTheResultDocument() {
		Map<String, Object> parsed = new Yaml().load(HttpJson.get(base + "/openapi.yaml").body());
		Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) parsed.get("components"))
			.get("schemas");
		for (Class<?> type : List.of(QueryResult.class, Attempt.class, Passage.class, ErrorInfo.class,
				FallbackReason.class, Comparison.class, ExperimentSetting.class)) {
			Map<String, Object> schema = (Map<String, Object>) schemas.get(type.getSimpleName());
			assertThat(((Map<String, Object>) schema.get("properties")).keySet()).as(type.getSimpleName())
				.containsExactlyInAnyOrder(
						Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new));
		}
	}

	private static void finish(String id) {
		Instant now = Instant.now();
		store.update(id, (current) -> current.toBuilder().status(QueryStatus.DONE, now).answer("Done.").build());
	}

	private static HttpJson.Response submit(String body, String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return HttpJson.send(request);
	}

	private static HttpJson.Response delete(String url) {
		return HttpJson.send(HttpRequest.newBuilder(URI.create(url)).DELETE());
	}

	/** The data of each {@code result} event, until the server ends the stream. */
	private static List<String> readEvents(InputStream body) {
		List<String> data = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("data:")) {
					data.add(line.substring("data:".length()));
				}
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return data;
	}

}
