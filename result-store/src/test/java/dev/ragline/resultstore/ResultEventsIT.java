package dev.ragline.resultstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.infra.LocalPorts;
import dev.ragline.infra.LocalRedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A subscription Redis does not confirm leaves nothing behind: its listener hears no
 * later event, and the next waiter for the same query subscribes anew.
 */
class ResultEventsIT {

	@Test
	void aSubscriptionThatFailedKeepsNoListenerAndTheNextOneWorks() {
		int port = LocalPorts.pick();
		LocalRedisServer redis = LocalRedisServer.start(port);
		RedisClient client = RedisClient.create(redis.url());
		client
			.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(500))).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			ResultStore store = new ResultStore(connection.sync(), "ragline:events-it:", Duration.ofHours(1),
					Clock.systemUTC());
			ResultEvents events = new ResultEvents(client.connectPubSub(), store, Duration.ofMillis(300));
			String id = UUID.randomUUID().toString();
			List<QueryStatus> failedListenerHeard = new CopyOnWriteArrayList<>();
			List<QueryStatus> laterListenerHeard = new CopyOnWriteArrayList<>();

			redis.close();
			assertThatThrownBy(() -> events.subscribe(id, (event) -> failedListenerHeard.add(event.status())))
				.isInstanceOf(InfrastructureUnavailableException.class);

			redis = LocalRedisServer.start(port);
			ResultEvents.Subscription later = await().atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> events.subscribe(id, (event) -> laterListenerHeard.add(event.status())),
						(subscription) -> subscription != null);
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> store.createIfAbsent(QueryResult.create(id, "Why?", QueryStatus.QUEUED, Instant.now())));

			await().atMost(Duration.ofSeconds(5)).until(() -> laterListenerHeard.contains(QueryStatus.QUEUED));
			assertThat(failedListenerHeard).as("the failed subscription's listener was dropped").isEmpty();
			later.close();
			events.close();
		}
		finally {
			client.shutdown();
			redis.close();
		}
	}

}
