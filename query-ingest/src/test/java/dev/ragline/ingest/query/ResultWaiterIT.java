package dev.ragline.ingest.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.resultstore.RedisConnections;
import dev.ragline.resultstore.ResultEvents;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A long poll whose wait is over while Redis cannot be read ends with that failure (the
 * client gets a 503), instead of never answering; one answered before its wait is over
 * leaves nothing behind on the timer.
 */
class ResultWaiterIT {

	@Test
	void aLongPollEndsWithTheFailureWhenRedisCannotBeReadAtTheEndOfTheWait() {
		ScheduledExecutorService timer = ResultWaiter.newTimer();
		try (RedisConnections redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5))) {
			AtomicBoolean redisAway = new AtomicBoolean();
			ResultStore store = new ResultStore(redis.commands(), "ragline:waiter-it:", Duration.ofHours(1),
					Clock.systemUTC()) {
				@Override
				public Optional<String> findJson(String id) {
					if (redisAway.get()) {
						throw new InfrastructureUnavailableException(id, "Redis is unavailable: away on purpose", null);
					}
					return super.findJson(id);
				}
			};
			ResultEvents events = new ResultEvents(redis.connectPubSub(), store);
			String id = UUID.randomUUID().toString();
			store.createIfAbsent(QueryResult.create(id, "Why?", QueryStatus.QUEUED, Instant.now()));
			ResultWaiter waiter = new ResultWaiter(store, events, timer);

			CompletableFuture<Optional<String>> answer = waiter.awaitFinal(id, Duration.ofMillis(300));
			redisAway.set(true);

			await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
			assertThat(answer).isCompletedExceptionally();
			assertThatThrownBy(answer::join).hasCauseInstanceOf(InfrastructureUnavailableException.class);
			events.close();
		}
		finally {
			timer.shutdownNow();
		}
	}

	@Test
	void aLongPollAnsweredBeforeItsWaitIsOverLeavesNothingOnTheTimer() {
		ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) ResultWaiter.newTimer();
		try (RedisConnections redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5))) {
			ResultStore store = new ResultStore(redis.commands(), "ragline:waiter-it:", Duration.ofHours(1),
					Clock.systemUTC());
			ResultEvents events = new ResultEvents(redis.connectPubSub(), store);
			String id = UUID.randomUUID().toString();
			store.createIfAbsent(QueryResult.create(id, "Why?", QueryStatus.QUEUED, Instant.now()));
			ResultWaiter waiter = new ResultWaiter(store, events, timer);

			CompletableFuture<Optional<String>> answer = waiter.awaitFinal(id, Duration.ofMinutes(10));
			assertThat(timer.getQueue()).hasSize(1);
			store.update(id, (current) -> current.toBuilder().status(QueryStatus.DONE, Instant.now()).build());

			await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
			assertThat(answer.join()).hasValueSatisfying((json) -> assertThat(json).contains("\"DONE\""));
			assertThat(timer.getQueue()).isEmpty();
			events.close();
		}
		finally {
			timer.shutdownNow();
		}
	}

}
