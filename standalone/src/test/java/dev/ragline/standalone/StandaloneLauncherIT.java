package dev.ragline.standalone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.ragline.contracts.Backends;
import dev.ragline.resultstore.RedisConnections;
import dev.ragline.standalone.infra.InfraOptions;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./ragline standalone} as a user runs it, on free ports and with no LLM
 * configured.
 */
class StandaloneLauncherIT {

	@Test
	void startsItsOwnKafkaAndRedisAndAnswersExtractivelyWithoutAnyLlm() {
		try (StandaloneLauncher standalone = StandaloneLauncher.start(StandaloneOptions.onFreePorts())) {
			ByteArrayOutputStream printed = new ByteArrayOutputStream();
			standalone.printReady(new PrintStream(printed, true, StandardCharsets.UTF_8), Duration.ofSeconds(1));
			assertThat(printed.toString(StandardCharsets.UTF_8)).contains("ragline standalone is ready",
					standalone.apiUrl() + "/api/queries", standalone.infrastructure().bootstrapServers(),
					standalone.infrastructure().redisUrl(), "extractive");

			HttpJson.Response submitted = HttpJson.postJson(standalone.apiUrl() + "/api/queries",
					"{\"question\":\"Do statins reduce the risk of dementia?\"}");
			assertThat(submitted.status()).isEqualTo(202);
			String id = submitted.json().path("id").asString();

			JsonNode result = await().atMost(Duration.ofSeconds(30))
				.until(() -> HttpJson.get(standalone.apiUrl() + "/api/queries/" + id).json(),
						(json) -> "DONE".equals(json.path("status").asString()));
			assertThat(result.path("backend").asString()).isEqualTo(Backends.EXTRACTIVE);
			assertThat(result.path("answer").asString()).startsWith("Extractive answer");
			assertThat(result.path("sources")).isNotEmpty();

			RedisClient client = RedisClient.create(standalone.infrastructure().redisUrl());
			try (StatefulRedisConnection<String, String> redis = client.connect()) {
				assertThat(redis.sync().get("ragline:query:" + id)).contains("\"status\":\"DONE\"");
			}
			finally {
				client.shutdown();
			}
		}
	}

	/**
	 * {@code ./ragline standalone --redis-cluster}: every result document, status script
	 * and answer-cache lookup on a real Redis Cluster of three masters; the second asking
	 * of a question is served from the cache (the cache key and the new document live in
	 * different slots).
	 */
	@Test
	void runsThePipelineOnALocalRedisClusterAndServesARepeatedQuestionFromTheCache() {
		InfraOptions cluster = new InfraOptions(0, 0, null, null, null, true, true);
		try (FakeVllm vllm = FakeVllm.start(TestPipeline.VLLM_MODEL).answering("Statins: no clear effect.");
				StandaloneLauncher standalone = StandaloneLauncher.start(new StandaloneOptions(0, cluster),
						"--ragline.vllm.base-url=" + vllm.baseUrl(), "--ragline.vllm.model=" + TestPipeline.VLLM_MODEL,
						"--ragline.retriever.mode=bm25")) {
			assertThat(standalone.infrastructure().redisUrl()).startsWith("redis-cluster://");
			String api = standalone.apiUrl() + "/api/queries";
			String question = "{\"question\":\"Do statins reduce the risk of dementia?\"}";

			String first = HttpJson.postJson(api, question).json().path("id").asString();
			JsonNode answered = TestPipeline.awaitFinal(api, first);
			assertThat(answered.path("status").asString()).isEqualTo("DONE");
			assertThat(answered.path("backend").asString()).isEqualTo(Backends.VLLM);

			JsonNode again = await().atMost(TestPipeline.TIMEOUT).until(() -> {
				String id = HttpJson.postJson(api, question).json().path("id").asString();
				return TestPipeline.awaitFinal(api, id);
			}, (json) -> !json.path("cachedFrom").isMissingNode() && !json.path("cachedFrom").isNull());
			assertThat(again.path("cachedFrom").asString()).isEqualTo(first);
			assertThat(again.path("answer").asString()).isEqualTo("Statins: no clear effect.");

			try (RedisConnections redis = RedisConnections.open(standalone.infrastructure().redisUrl(),
					Duration.ofSeconds(5))) {
				assertThat(redis.cluster()).isTrue();
				assertThat(redis.commands().get("ragline:query:" + first)).contains("\"status\":\"DONE\"");
			}
		}
	}

}
