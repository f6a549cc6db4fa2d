package dev.ragline.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalPorts;
import dev.ragline.ingest.QueryIngestApplication;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.retriever.RetrieverWorkerApplication;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.PausableProxy;
import dev.ragline.testsupport.TestScope;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refusal is a refusal: a submission answered 503 because the broker became unreachable
 * in the middle of its publish is never worked on, even though its record reaches Kafka
 * once the network heals (the request had been sent; the broker appends it late).
 */
class HonestRefusalIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	@Test
	void aSubmissionRefusedWith503IsNotProcessedWhenItsRecordReachesKafkaLater() throws Exception {
		// every client reaches the broker through the proxy: it advertises the proxy's
		// port
		int brokerPort = LocalPorts.pick();
		PausableProxy proxy = PausableProxy.to(brokerPort);
		String bootstrap = "127.0.0.1:" + proxy.port();
		TestScope scope = TestScope.create();
		Map<String, Object> properties = new LinkedHashMap<>(scope.properties());
		properties.put("spring.kafka.bootstrap-servers", bootstrap);
		properties.put("ragline.retriever.mode", "bm25");
		LocalKafkaBroker broker = LocalKafkaBroker.start(brokerPort, this.dir.resolve("kafka"),
				Map.of("advertised.listeners", "PLAINTEXT://" + bootstrap));
		try (proxy;
				ConfigurableApplicationContext ingest = QueryIngestApplication.builder()
					.properties(properties)
					.properties(Map.of("server.port", 0, "ragline.ingest.publish-timeout", "1s"))
					.run();
				ConfigurableApplicationContext retriever = RetrieverWorkerApplication.builder()
					.properties(properties)
					.properties(Map.of("spring.main.web-application-type", "none"))
					.run()) {
			String api = "http://127.0.0.1:" + ingest.getEnvironment().getProperty("local.server.port")
					+ "/api/queries";
			ResultStore store = ingest.getBean(ResultStore.class);
			String accepted = submit(api).json().path("id").asString();
			await().atMost(TIMEOUT)
				.until(() -> store.find(accepted).map(QueryResult::status).orElse(null) == QueryStatus.RETRIEVING);

			proxy.pause();
			HttpJson.Response response = submit(api);
			proxy.resume();

			assertThat(response.status()).isEqualTo(503);
			String refused = response.json().path("id").asString();
			ConsumerRecord<String, byte[]> late = awaitRecord(bootstrap, scope.queries(), refused);
			awaitConsumed(bootstrap, scope, late);
			QueryResult result = store.find(refused).orElseThrow();
			assertThat(result.status()).isEqualTo(QueryStatus.FAILED);
			assertThat(result.error().code()).isEqualTo(ErrorInfo.NOT_ACCEPTED);
			assertThat(result.timestamps()).doesNotContainKey(QueryStatus.RETRIEVING);
		}
		finally {
			broker.close();
		}
	}

	private static HttpJson.Response submit(String api) {
		return HttpJson.postJson(api, "{\"question\":\"Is vitamin D good for bones? " + UUID.randomUUID() + "\"}");
	}

	/** The refused submission's record, once the producer delivered it late. */
	private static ConsumerRecord<String, byte[]> awaitRecord(String bootstrap, String topic, String key) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
						"late-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, byte[]>> found = new java.util.ArrayList<>();
			await().atMost(TIMEOUT).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (key.equals(record.key())) {
						found.add(record);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	/** Waits until the retrievers' group has committed past {@code record}. */
	private static void awaitConsumed(String bootstrap, TestScope scope, ConsumerRecord<String, byte[]> record) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
			await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets("ragline-retriever-" + scope.id())
					.partitionsToOffsetAndMetadata()
					.get()
					.get(partition);
				return committed != null && committed.offset() > record.offset();
			});
		}
	}

}
