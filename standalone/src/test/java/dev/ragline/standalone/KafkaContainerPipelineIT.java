package dev.ragline.standalone;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline against the {@code apache/kafka} image that docker-compose.yml deploys.
 * Needs a Docker engine and is skipped without one; {@link PipelineIT} covers the same
 * path on the in-process broker everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerPipelineIT {

	@Container
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

	@Test
	void answersAQuestionWithTheKafkaImageOfTheComposeFile() {
		Map<String, Object> properties = new LinkedHashMap<>(TestScope.create().properties());
		properties.put("spring.kafka.bootstrap-servers", kafka.getBootstrapServers());
		properties.put("server.port", 0);
		properties.put("ragline.retriever.mode", "bm25");
		try (RaglineServices services = RaglineServices.start(properties)) {
			services.awaitRetrieverReady(Duration.ofSeconds(60));
			String api = "http://127.0.0.1:" + services.httpPort() + "/api/queries";
			String id = HttpJson
				.postJson(api, "{\"question\":\"Do statins reduce the risk of dementia?\",\"cache\":false}")
				.json()
				.path("id")
				.asString();

			JsonNode result = await().atMost(Duration.ofSeconds(60))
				.until(() -> HttpJson.get(api + "/" + id).json(),
						(json) -> "DONE".equals(json.path("status").asString()));

			assertThat(result.path("sources")).isNotEmpty();
		}
	}

}
