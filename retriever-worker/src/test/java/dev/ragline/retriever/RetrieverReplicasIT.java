package dev.ragline.retriever;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.RaglineHeaders;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.retriever.documents.DocumentsFollower;
import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.testsupport.TestInfrastructure;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every retriever replica builds its own index from the compacted documents topic, so any
 * replica can answer any query the same way; hybrid retrieval, as deployed by default.
 */
class RetrieverReplicasIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final TestScope scope = TestScope.create();

	@Test
	void replicasFedTheSameTopicAnswerTheSameQueryWithTheSamePassagesAndForgetDeletedDocuments() {
		publish(documents());
		try (ConfigurableApplicationContext first = replica("a");
				ConfigurableApplicationContext second = replica("b")) {
			awaitReady(first);
			awaitReady(second);

			TopicReader.publish(this.scope.queries(), "q-1",
					"{\"question\":\"How do plants turn sunlight into sugar?\"}");
			List<List<Passage>> answers = retrievedTwice("q-1");
			assertThat(answers.get(0)).isEqualTo(answers.get(1));
			assertThat(answers.get(0).get(0).documentId()).isEqualTo("photosynthesis");

			TopicReader.publish(this.scope.documents(), "photosynthesis", (byte[]) null);
			await().atMost(TIMEOUT).untilAsserted(() -> {
				for (ConfigurableApplicationContext replica : List.of(first, second)) {
					assertThat(search(replica, "photosynthesis sunlight chlorophyll")).extracting(Passage::documentId)
						.doesNotContain("photosynthesis");
				}
			});
		}
	}

	@Test
	void aReplicaStartedLateCatchesUpBeforeItServesQueries() {
		List<DocumentMessage> many = new ArrayList<>(documents());
		for (int i = 0; i < 150; i++) {
			many.add(
					DocumentMessage.of("filler-" + i, "Filler " + i, "Ordinary filler text number " + i + ".", "test"));
		}
		publish(many);
		try (ConfigurableApplicationContext late = replica("late")) {
			DocumentsFollower follower = late.getBean(DocumentsFollower.class);
			MessageListenerContainer queries = late.getBean("queryListenerContainer", MessageListenerContainer.class);
			HealthIndicator health = late.getBean("documentIndexHealthIndicator", HealthIndicator.class);
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
				if (follower.state() != DocumentsFollower.State.READY) {
					assertThat(queries.isRunning()).as("no queries before the index is complete").isFalse();
					assertThat(health.health(false).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
					return false;
				}
				return true;
			});
			assertThat(late.getBean(PassageIndex.class).size().documents()).isEqualTo(many.size());
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			assertThat(queries.isRunning()).isTrue();
		}
	}

	@Test
	void deadLettersMalformedDocumentsAndKeepsIndexing() {
		TopicReader.publish(this.scope.documents(), 0, "broken", "{\"id\":\"broken\"}".getBytes());
		TopicReader.publish(this.scope.documents(), 0, "fine",
				MessageJson.toBytes(DocumentMessage.of("fine", "Fine", "Volcanoes erupt molten rock.", "test")));
		try (ConfigurableApplicationContext replica = replica("dead")) {
			awaitReady(replica);

			assertThat(search(replica, "volcano molten rock")).extracting(Passage::documentId).containsExactly("fine");
			try (TopicReader dead = TopicReader.of(this.scope.dead())) {
				ConsumerRecord<String, byte[]> record = dead.awaitKey("broken", TIMEOUT);
				assertThat(TopicReader.header(record, RaglineHeaders.REASON))
					.isEqualTo(InvalidMessageException.INVALID_MESSAGE);
				assertThat(TopicReader.header(record, RaglineHeaders.REASON_DETAIL)).contains("text is missing");
				assertThat(TopicReader.header(record, RaglineHeaders.REASON_STAGE)).isEqualTo("documents");
			}
		}
	}

	@Test
	void followsPartitionsAddedToTheDocumentsTopicWithoutARestart() throws Exception {
		publish(documents());
		try (ConfigurableApplicationContext replica = replica("grown",
				Map.of("ragline.retriever.documents-partition-check", "200ms"));
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
						TestInfrastructure.kafkaBootstrapServers()))) {
			awaitReady(replica);
			String topic = this.scope.documents();
			int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions + 1))).all().get();

			TopicReader.publish(topic, partitions, "glacier", MessageJson.toBytes(DocumentMessage.of("glacier",
					"Glaciers", "A glacier is a slowly moving mass of compacted ice and snow.", "test")));

			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(search(replica, "moving mass of compacted ice"))
					.extracting(Passage::documentId)
					.contains("glacier"));
		}
	}

	private ConfigurableApplicationContext replica(String name) {
		return replica(name, Map.of());
	}

	private ConfigurableApplicationContext replica(String name, Map<String, Object> settings) {
		// each replica in a group of its own answers every query, to compare them
		return RetrieverWorkerApplication.builder()
			.properties(this.scope.properties())
			.properties(Map.of("spring.main.web-application-type", "none", "ragline.retriever.group-id",
					"replica-" + name + "-" + this.scope.id(), "ragline.retriever.embedding-threads", 1))
			.properties(settings)
			.run();
	}

	private List<List<Passage>> retrievedTwice(String key) {
		try (TopicReader reader = TopicReader.of(this.scope.retrieved())) {
			await().atMost(TIMEOUT)
				.until(() -> reader.records().stream().filter((record) -> key.equals(record.key())).count() >= 2);
			return reader.records()
				.stream()
				.filter((record) -> key.equals(record.key()))
				.map((record) -> MessageJson.read(record.value(), RetrievedQuery.class).passages())
				.toList();
		}
	}

	private static List<Passage> search(ConfigurableApplicationContext replica, String question) {
		RetrieverProperties settings = replica.getBean(RetrieverProperties.class);
		return replica.getBean(PassageIndex.class).search(question, 3, settings.mode(), settings.candidates());
	}

	private static void awaitReady(ConfigurableApplicationContext replica) {
		await().atMost(TIMEOUT)
			.until(() -> replica.getBean(DocumentsFollower.class).state() == DocumentsFollower.State.READY);
	}

	private void publish(List<DocumentMessage> documents) {
		Map<String, byte[]> records = new LinkedHashMap<>();
		documents.forEach((document) -> records.put(document.id(), MessageJson.toBytes(document)));
		TopicReader.publishAll(this.scope.documents(), records);
	}

	private static List<DocumentMessage> documents() {
		return List.of(DocumentMessage.of("photosynthesis", "Photosynthesis",
				"Plants use chlorophyll to capture sunlight and turn carbon dioxide and water into glucose.", "test"),
				DocumentMessage.of("volcano", "Volcanoes", "A volcano erupts when magma rises through the crust.",
						"test"),
				DocumentMessage.of("tides", "Tides", "The moon's gravity pulls the oceans and causes tides.", "test"),
				DocumentMessage.of("bread", "Baking", "Yeast ferments sugar and the carbon dioxide makes bread rise.",
						"test"));
	}

}
