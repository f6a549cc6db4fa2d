package dev.ragline.retriever.documents;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.retriever.index.PassageSplitter;
import dev.ragline.retriever.index.RankFusion;
import dev.ragline.retriever.index.RetrievalMode;
import dev.ragline.testsupport.TestInfrastructure;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

import static dev.ragline.retriever.documents.FollowerFixtures.admin;
import static dev.ragline.retriever.documents.FollowerFixtures.consumers;
import static dev.ragline.retriever.documents.FollowerFixtures.document;
import static dev.ragline.retriever.documents.FollowerFixtures.idleContainer;
import static dev.ragline.retriever.documents.FollowerFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A documents follower that dies (its index throws) is not a replica that looks healthy
 * while its index goes stale: readiness is DOWN with the reason, and it follows again
 * after a back-off, from where it was, until the index has the document.
 */
class DocumentsFollowerRestartIT {

	@Test
	void aFailedFollowerIsReadinessDownWithTheReasonThenFollowsAgainAndCatchesUp() throws Exception {
		TestScope scope = TestScope.create();
		TopicReader.publishAll(scope.documents(), records(document("first", "Tides follow the moon.")));
		AtomicBoolean failNextUpsert = new AtomicBoolean();
		RedisClient redis = RedisClient.create(TestInfrastructure.redisUrl());
		try (StatefulRedisConnection<String, String> connection = redis.connect();
				PassageIndex index = new FailingIndex(failNextUpsert)) {
			CorpusVersion version = new CorpusVersion(connection.sync(), "ragline:test:" + scope.id() + ":version");
			KafkaMessageListenerContainer<String, byte[]> queries = idleContainer(scope);
			List<String> warmUps = new CopyOnWriteArrayList<>();
			AtomicReference<DocumentIndexHealthIndicator> healthRef = new AtomicReference<>();
			DocumentsFollower follower = new DocumentsFollower(consumers(), admin(), scope.documents(), index,
					(record, ex) -> {
					}, queries, version, Duration.ofMinutes(1), Duration.ofSeconds(10),
					// what a warm-up sees: the index caught up, not yet ready, no
					// listener
					() -> warmUps.add(index.size().documents() + " documents, readiness "
							+ healthRef.get().health().getStatus() + ", listener running " + queries.isRunning()));
			DocumentIndexHealthIndicator health = new DocumentIndexHealthIndicator(follower, index);
			healthRef.set(health);
			follower.start();
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus() == Status.UP);

				failNextUpsert.set(true);
				TopicReader.publishAll(scope.documents(), records(document("second", "Volcanoes erupt lava.")));

				Health down = await().atMost(Duration.ofSeconds(20))
					.until(health::health, (state) -> state.getStatus() == Status.DOWN);
				assertThat(down.getDetails().get("reason").toString()).contains("the documents follower failed",
						"index write failed on purpose");

				await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus() == Status.UP);
				assertThat(index.searchDocuments("volcanoes lava", 5, RetrievalMode.BM25, 10)).contains("second");
				assertThat(index.size().documents()).isEqualTo(2);
				// once, before the first READY; not again when it caught up after the
				// failure
				assertThat(warmUps).containsExactly("1 documents, readiness OUT_OF_SERVICE, listener running false");
			}
			finally {
				follower.stop();
				queries.stop();
			}
		}
		finally {
			redis.shutdown();
		}
	}

	/**
	 * An index whose next write fails once when told to, as a broken disk or model would.
	 */
	private static final class FailingIndex extends PassageIndex {

		private final AtomicBoolean failNext;

		FailingIndex(AtomicBoolean failNext) {
			super(new PassageSplitter(400, 80), null, new RankFusion(RankFusion.DEFAULT_K));
			this.failNext = failNext;
		}

		@Override
		public void upsert(Collection<DocumentMessage> documents) {
			if (!documents.isEmpty() && this.failNext.compareAndSet(true, false)) {
				throw new IllegalStateException("index write failed on purpose");
			}
			super.upsert(documents);
		}

	}

}
