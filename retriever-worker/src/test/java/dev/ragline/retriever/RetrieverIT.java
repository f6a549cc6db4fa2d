package dev.ragline.retriever;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RaglineHeaders;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.retriever.documents.SampleCorpus;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetrieverIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final TestScope scope = TestScope.create();

	private static ConfigurableApplicationContext retriever;

	private static ResultStore store;

	@BeforeAll
	static void start() {
		Map<String, byte[]> corpus = new LinkedHashMap<>();
		SampleCorpus.documents().forEach((document) -> corpus.put(document.id(), MessageJson.toBytes(document)));
		TopicReader.publishAll(scope.documents(), corpus);
		retriever = RetrieverWorkerApplication.builder()
			.properties(scope.properties())
			.properties(Map.of("spring.main.web-application-type", "none", "ragline.retriever.mode", "bm25"))
			.run();
		store = retriever.getBean(ResultStore.class);
	}

	@AfterAll
	static void stop() {
		retriever.close();
	}

	@Test
	void enrichesARawRecordKeyedByIdWithThePassagesOfTheSampleCorpus() {
		TopicReader.publish(scope.queries(), "vit-d",
				"{\"question\":\"Does vitamin D deficiency affect parathyroid hormone?\",\"topK\":3}");

		try (TopicReader reader = TopicReader.of(scope.retrieved())) {
			RetrievedQuery retrieved = MessageJson.read(reader.awaitKey("vit-d", TIMEOUT).value(),
					RetrievedQuery.class);
			assertThat(retrieved.query().id()).isEqualTo("vit-d");
			assertThat(retrieved.passages()).hasSize(3);
			assertThat(retrieved.passages().get(0).title()).containsIgnoringCase("parathyroid");
			// the index's collection: applying the sample corpus bumped it
			assertThat(retrieved.corpusVersion()).isPositive()
				.isLessThanOrEqualTo(retriever.getBean(CorpusVersion.class).current());
		}
		assertThat(store.find("vit-d")).get().extracting(QueryResult::status).isEqualTo(QueryStatus.RETRIEVING);
	}

	@Test
	void deadLettersAnInvalidRecordWithItsReasonAndKeepsThePartitionFlowing() {
		TopicReader.publish(scope.queries(), 1, "broken", "{\"question\": oops}".getBytes());
		TopicReader.publish(scope.queries(), 1, "after-broken",
				"{\"question\":\"Do statins reduce dementia risk?\"}".getBytes());

		try (TopicReader dead = TopicReader.of(scope.dead());
				TopicReader retrieved = TopicReader.of(scope.retrieved())) {
			ConsumerRecord<String, byte[]> record = dead.awaitKey("broken", TIMEOUT);
			assertThat(new String(record.value())).isEqualTo("{\"question\": oops}");
			assertThat(TopicReader.header(record, RaglineHeaders.REASON))
				.isEqualTo(InvalidMessageException.INVALID_JSON);
			assertThat(TopicReader.header(record, RaglineHeaders.REASON_STAGE)).isEqualTo("retriever");
			assertThat(TopicReader.header(record, "kafka_dlt-original-topic")).isEqualTo(scope.queries());
			retrieved.awaitKey("after-broken", TIMEOUT);
		}
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(store.find("broken")).get().satisfies((result) -> {
			assertThat(result.status()).isEqualTo(QueryStatus.FAILED);
			assertThat(result.error().code()).isEqualTo(InvalidMessageException.INVALID_JSON);
		}));
	}

	@Test
	void deadLettersARecordWhoseBodyIdContradictsItsKey() {
		TopicReader.publish(scope.queries(), "key-a", "{\"id\":\"body-b\",\"question\":\"Which one?\"}");

		try (TopicReader dead = TopicReader.of(scope.dead())) {
			ConsumerRecord<String, byte[]> record = dead.awaitKey("key-a", TIMEOUT);
			assertThat(TopicReader.header(record, RaglineHeaders.REASON))
				.isEqualTo(InvalidMessageException.ID_MISMATCH);
		}
		assertThat(store.find("key-a")).isEmpty();
		assertThat(store.find("body-b")).isEmpty();
	}

	@Test
	void skipsAQueryThatIsAlreadyFinal() {
		store.createIfAbsent(QueryResult.create("finished", "Old question", QueryStatus.DONE, java.time.Instant.now()));
		// same partition: once the marker is through, the final query was seen before it
		TopicReader.publish(scope.queries(), 0, "finished", "{\"question\":\"Old question\"}".getBytes());
		TopicReader.publish(scope.queries(), 0, "marker", "{\"question\":\"Old question\"}".getBytes());

		try (TopicReader reader = TopicReader.of(scope.retrieved())) {
			reader.awaitKey("marker", TIMEOUT);
			assertThat(reader.records()).extracting(ConsumerRecord::key).doesNotContain("finished");
		}
		assertThat(store.find("finished")).get().extracting(QueryResult::status).isEqualTo(QueryStatus.DONE);
	}

	@Test
	void failsAQueryPastItsDeadlineWithoutRetrievingIt() {
		String deadline = java.time.Instant.now().minusSeconds(5).toString();
		TopicReader.publish(scope.queries(), 0, "too-late",
				("{\"question\":\"Is it too late?\",\"deadline\":\"" + deadline + "\"}").getBytes());
		TopicReader.publish(scope.queries(), 0, "marker-after-too-late", "{\"question\":\"In time?\"}".getBytes());

		try (TopicReader reader = TopicReader.of(scope.retrieved())) {
			reader.awaitKey("marker-after-too-late", TIMEOUT);
			assertThat(reader.records()).extracting(ConsumerRecord::key).doesNotContain("too-late");
		}
		assertThat(store.find("too-late")).get().satisfies((result) -> {
			assertThat(result.status()).isEqualTo(QueryStatus.FAILED);
			assertThat(result.error().code()).isEqualTo("EXPIRED");
		});
	}

}
