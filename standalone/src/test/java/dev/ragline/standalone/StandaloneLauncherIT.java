package dev.ragline.standalone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.ragline.contracts.Backends;
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

}
