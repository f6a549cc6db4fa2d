package dev.ragline.resultstore;

import java.time.Duration;
import java.util.UUID;

import dev.ragline.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CorpusVersionFollowerIT {

	private static final Duration REFRESH = Duration.ofMillis(300);

	private RedisConnections redis;

	private CorpusVersion version;

	@BeforeEach
	void connect() {
		this.redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5));
		// a key of its own, so tests running at the same time do not bump each other
		this.version = new CorpusVersion(this.redis.commands(), "ragline:corpus:test-" + UUID.randomUUID());
	}

	@AfterEach
	void disconnect() {
		this.redis.close();
	}

	@Test
	void startsFromTheStoredVersionAndSeesEveryBumpWithoutPolling() {
		this.version.bump();
		this.version.bump();
		try (CorpusVersionFollower follower = new CorpusVersionFollower(this.version, this.redis.connectPubSub(),
				Duration.ofHours(1))) {
			assertThat(follower.current()).isEqualTo(2);

			long bumped = this.version.bump();

			await().atMost(Duration.ofSeconds(2)).until(follower::current, (seen) -> seen == bumped);
		}
	}

	@Test
	void catchesUpWithAChangeWhoseMessageWasLostByReadingAgain() {
		try (CorpusVersionFollower follower = new CorpusVersionFollower(this.version, this.redis.connectPubSub(),
				REFRESH)) {
			// written without the message a bump publishes, as if pub/sub had dropped it
			this.redis.commands().set(this.version.key(), "41");

			await().atMost(REFRESH.multipliedBy(10)).until(follower::current, (seen) -> seen == 41);
		}
	}

	@Test
	void followsTheCounterDownWhenRedisLostItsData() {
		this.redis.commands().set(this.version.key(), "7");
		try (CorpusVersionFollower follower = new CorpusVersionFollower(this.version, this.redis.connectPubSub(),
				REFRESH)) {
			assertThat(follower.current()).isEqualTo(7);

			this.redis.commands().del(this.version.key());

			await().atMost(REFRESH.multipliedBy(10)).until(follower::current, (seen) -> seen == 0);
		}
	}

}
