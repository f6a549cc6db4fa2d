package dev.ragline.retriever.documents;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.retriever.index.AppliedOffsets;
import dev.ragline.retriever.index.IndexDirectory;
import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.retriever.index.PassageSplitter;
import dev.ragline.retriever.index.RankFusion;
import dev.ragline.retriever.index.RetrievalMode;
import dev.ragline.testsupport.TestInfrastructure;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.listener.KafkaMessageListenerContainer;

import static dev.ragline.retriever.documents.FollowerFixtures.admin;
import static dev.ragline.retriever.documents.FollowerFixtures.consumers;
import static dev.ragline.retriever.documents.FollowerFixtures.document;
import static dev.ragline.retriever.documents.FollowerFixtures.idleContainer;
import static dev.ragline.retriever.documents.FollowerFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A follower resumes from its index's snapshot and replays only what came after it, and
 * never serves a snapshot that does not fit the topic: one from another topic of the same
 * name, or one that claims offsets the topic never reached, is emptied and rebuilt.
 */
class DocumentsFollowerSnapshotIT {

	@TempDir
	Path snapshots;

	private TestScope scope;

	private RedisClient redis;

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void connect() {
		this.scope = TestScope.create();
		this.redis = RedisClient.create(TestInfrastructure.redisUrl());
		this.connection = this.redis.connect();
	}

	@AfterEach
	void disconnect() {
		this.connection.close();
		this.redis.shutdown();
	}

	@Test
	void aRestartReplaysOnlyTheRecordsAfterTheSnapshot() throws Exception {
		TopicReader.publishAll(this.scope.documents(),
				records(document("tides", "Tides follow the moon."), document("lava", "Volcanoes erupt lava.")));
		try (PassageIndex index = index()) {
			follow(index, () -> assertThat(index.size().documents()).isEqualTo(2));
		}
		TopicReader.publishAll(this.scope.documents(), records(document("bread", "Yeast makes bread rise.")));
		TopicReader.publish(this.scope.documents(), "lava", (byte[]) null);

		try (PassageIndex index = index()) {
			assertThat(index.restored()).isPresent();
			DocumentsFollower follower = follow(index, () -> {
				assertThat(index.searchDocuments("yeast bread", 5, RetrievalMode.BM25, 10)).containsExactly("bread");
				assertThat(index.searchDocuments("volcanoes lava", 5, RetrievalMode.BM25, 10)).isEmpty();
				assertThat(index.size().documents()).isEqualTo(2);
			});
			assertThat(follower.progress()).as("only the two records after the snapshot").isEqualTo("2 of 2 records");
		}
	}

	@Test
	void aSnapshotClaimingOffsetsPastTheTopicsEndIsRebuiltNotServed() throws Exception {
		TopicReader.publishAll(this.scope.documents(), records(document("tides", "Tides follow the moon.")));
		String topicId = admin().describeTopics(this.scope.documents())
			.get(this.scope.documents())
			.topicId()
			.toString();
		seedSnapshot(new AppliedOffsets(topicId, Map.of(0, 999L, 1, 999L, 2, 999L)));

		try (PassageIndex index = index()) {
			assertThat(index.restored()).isPresent();
			follow(index, () -> {
				assertThat(index.searchDocuments("ghost", 5, RetrievalMode.BM25, 10)).isEmpty();
				assertThat(index.searchDocuments("moon tides", 5, RetrievalMode.BM25, 10)).containsExactly("tides");
			});
		}
		try (PassageIndex index = index()) {
			assertThat(index.restored()).as("the rebuilt index was written as the new snapshot")
				.hasValueSatisfying(
						(applied) -> assertThat(applied.offsets().values()).allMatch((offset) -> offset < 999));
		}
	}

	@Test
	void aSnapshotOfAnotherTopicIsRebuiltNotServed() throws Exception {
		TopicReader.publishAll(this.scope.documents(), records(document("tides", "Tides follow the moon.")));
		seedSnapshot(new AppliedOffsets("an-older-topic-id", Map.of(0, 0L, 1, 0L, 2, 0L)));

		try (PassageIndex index = index()) {
			follow(index, () -> {
				assertThat(index.searchDocuments("ghost", 5, RetrievalMode.BM25, 10)).isEmpty();
				assertThat(index.size().documents()).isEqualTo(1);
			});
		}
	}

	/** A snapshot holding a document the topic never had. */
	private void seedSnapshot(AppliedOffsets applied) throws Exception {
		try (PassageIndex index = index()) {
			index.upsert(List.of(document("ghost", "A ghost document no topic ever held.")));
			index.commit(applied);
		}
	}

	private PassageIndex index() {
		return new PassageIndex(new PassageSplitter(400, 80), null, new RankFusion(RankFusion.DEFAULT_K),
				IndexDirectory.claim(this.snapshots));
	}

	/**
	 * Follows the topic with {@code index} until it is ready and {@code check} passes,
	 * then stops (which writes a snapshot).
	 */
	private DocumentsFollower follow(PassageIndex index, ThrowingRunnable check) {
		CorpusVersion version = new CorpusVersion(this.connection.sync(),
				"ragline:test:" + this.scope.id() + ":version");
		KafkaMessageListenerContainer<String, byte[]> queries = idleContainer(this.scope);
		DocumentsFollower follower = new DocumentsFollower(consumers(), admin(), this.scope.documents(), index,
				(record, ex) -> {
				}, queries, version, Duration.ofMinutes(1), Duration.ofMinutes(1));
		follower.start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> follower.state() == DocumentsFollower.State.READY);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(check::run);
		}
		finally {
			follower.stop();
			queries.stop();
		}
		return follower;
	}

	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
