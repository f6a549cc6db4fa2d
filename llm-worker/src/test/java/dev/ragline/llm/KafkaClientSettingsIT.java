package dev.ragline.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's Kafka clients are Spring Boot's: a documented {@code spring.kafka.*}
 * property changes what it names, and Boot's Micrometer client metrics, consumer lag
 * included, are on {@code /actuator/prometheus}.
 */
class KafkaClientSettingsIT {

	private static final int BACKLOG = 12;

	private static final String LAG_MAX = "kafka_consumer_fetch_manager_records_lag_max{";

	@Test
	void aBootConsumerPropertyTakesEffectAndTheLagOfABacklogShowsInPrometheus() {
		TestScope scope = TestScope.create();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < BACKLOG; i++) {
			String id = UUID.randomUUID().toString();
			ids.add(id);
			TopicReader.publish(scope.retrieved(), 0, id, MessageJson.toBytes(retrieved(id)));
		}
		try (FakeVllm vllm = FakeVllm.start("served-model").latency(Duration.ofMillis(300));
				ConfigurableApplicationContext worker = LlmWorkerApplication.builder()
					.properties(scope.properties())
					.properties(Map.of("server.port", 0, "ragline.llm.max-in-flight", 1, "ragline.vllm.base-url",
							vllm.baseUrl(), "ragline.vllm.model", "served-model",
							// Boot's property: one record a poll, so the rest of the
							// backlog
							// stays lag (with the worker's default of 100, one poll takes
							// it
							// all and the lag reads 0 at once)
							"spring.kafka.consumer.max-poll-records", 1))
					.run()) {
			String prometheus = "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port")
					+ "/actuator/prometheus";

			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(maxLag(prometheus, scope.id()).orElse(-1))
					.isGreaterThanOrEqualTo(BACKLOG / 2.0));

			ResultStore store = worker.getBean(ResultStore.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> ids.stream()
					.allMatch(
							(id) -> store.find(id).map((result) -> result.status() == QueryStatus.DONE).orElse(false)));
		}
	}

	/**
	 * The largest consumer lag the worker's consumer in this scope's group saw lately
	 * (Kafka's {@code records-lag-max}, per client), as Prometheus reads it.
	 */
	private static OptionalDouble maxLag(String prometheus, String scope) {
		return HttpJson.get(prometheus)
			.body()
			.lines()
			.filter((line) -> line.startsWith(LAG_MAX) && line.contains("client_id=\"consumer-ragline-llm-" + scope))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst();
	}

	private static RetrievedQuery retrieved(String id) {
		return new RetrievedQuery(QueryMessage.of(id, "Why is the sky blue?"),
				List.of(new Passage("doc-1", "Rayleigh scattering", "Air scatters blue light more than red.", 3.2)),
				Instant.now());
	}

}
