package dev.ragline.resultstore;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.ragline.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus version moves once per change to the documents topic, however many replicas
 * report it and however often they replay it.
 */
class CorpusVersionIT {

	private RedisConnections redis;

	private CorpusVersion version;

	@BeforeEach
	void connect() {
		this.redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5));
		this.version = new CorpusVersion(this.redis.commands(), "ragline:corpus:test-" + UUID.randomUUID());
	}

	@AfterEach
	void disconnect() {
		this.redis.close();
	}

	@Test
	void theSameOffsetsReportedByManyReplicasMoveTheVersionOnce() {
		long first = this.version.applied("topic-a", Map.of(0, 10L, 1, 5L));
		assertThat(first).isEqualTo(1);

		assertThat(this.version.applied("topic-a", Map.of(0, 10L, 1, 5L))).isEqualTo(first);
		assertThat(this.version.applied("topic-a", Map.of(0, 10L, 1, 5L))).isEqualTo(first);
		assertThat(this.version.current()).isEqualTo(first);
	}

	@Test
	void aReplicaReplayingTheTopicAtStartDoesNotMoveIt() {
		long caughtUp = this.version.applied("topic-a", Map.of(0, 10L, 1, 5L));

		assertThat(this.version.applied("topic-a", Map.of(0, 3L, 1, 0L))).isEqualTo(caughtUp);
		assertThat(this.version.applied("topic-a", Map.of(0, 10L, 1, 2L))).isEqualTo(caughtUp);
	}

	@Test
	void aRecordNoReplicaHadAppliedMovesItOnceWhicheverReplicaReportsItFirst() {
		long before = this.version.applied("topic-a", Map.of(0, 10L, 1, 5L));

		// replica one applied a new record in partition 0, replica two one in partition 1
		long afterOne = this.version.applied("topic-a", Map.of(0, 11L, 1, 5L));
		long afterTwo = this.version.applied("topic-a", Map.of(0, 10L, 1, 6L));
		assertThat(afterOne).isEqualTo(before + 1);
		assertThat(afterTwo).isEqualTo(before + 2);

		// each catches up with the other's record: nothing new any more
		assertThat(this.version.applied("topic-a", Map.of(0, 11L, 1, 6L))).isEqualTo(afterTwo);
		assertThat(this.version.applied("topic-a", Map.of(0, 11L, 1, 6L))).isEqualTo(afterTwo);
	}

	@Test
	void aNewDocumentsTopicMovesItEvenWithLowerOffsets() {
		long old = this.version.applied("topic-a", Map.of(0, 10L));

		assertThat(this.version.applied("topic-b", Map.of(0, 2L))).isEqualTo(old + 1);
		assertThat(this.version.applied("topic-b", Map.of(0, 2L))).isEqualTo(old + 1);
	}

}
