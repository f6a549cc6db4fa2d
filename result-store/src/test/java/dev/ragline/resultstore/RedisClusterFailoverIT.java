package dev.ragline.resultstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.infra.LocalPorts;
import dev.ragline.infra.LocalRedisCluster;
import dev.ragline.infra.LocalRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a query in flight experiences when the Redis Cluster master holding its document
 * dies (SIGKILL) and that master's replica takes over: its next status writes fail loudly
 * ({@link InfrastructureUnavailableException}, which the stages retry) for as long as the
 * failover takes, never silently; then they succeed on the promoted replica, from the
 * document as it stood (nothing moves backwards, nothing is lost that the replica had),
 * and a waiter subscribed before the failure hears the final document.
 */
class RedisClusterFailoverIT {

	/** Far above what a failover takes here (about two node timeouts, 1 s each). */
	private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

	@Test
	void aQueryInFlightWaitsOutAMasterFailoverAndEndsDoneWithItsHistory() throws Exception {
		try (LocalRedisCluster cluster = LocalRedisCluster.start(3, 1);
				RedisConnections redis = RedisConnections.open(cluster.url(), Duration.ofSeconds(2))) {
			ResultStore store = new ResultStore(redis.commands(), "ragline:failover-it:", Duration.ofHours(1),
					Clock.systemUTC());
			String id = UUID.randomUUID().toString();
			Instant start = Instant.now();
			store.createIfAbsent(QueryResult.create(id, "Why is the sky blue?", QueryStatus.QUEUED, start));
			store.advance(id, QueryStatus.RETRIEVING, start, () -> null);
			int slot = redis.commands().clusterKeyslot(store.key(id)).intValue();
			awaitReplicated(cluster, slot, store.key(id));
			BlockingQueue<QueryStatus> heard = new LinkedBlockingQueue<>();
			try (ResultEvents events = new ResultEvents(redis.connectPubSub(), store);
					ResultEvents.Subscription subscription = events.subscribe(id,
							(event) -> heard.add(event.status()))) {

				long killed = System.nanoTime();
				cluster.masterOf(slot).kill();
				List<String> failures = new ArrayList<>();
				Update generating = null;
				while (generating == null) {
					assertThat(System.nanoTime() - killed).as("the write went through within " + FAILOVER_BOUND)
						.isLessThan(FAILOVER_BOUND.toNanos());
					try {
						generating = store.advance(id, QueryStatus.GENERATING, Instant.now(), () -> null);
					}
					catch (InfrastructureUnavailableException ex) {
						failures.add(ex.getMessage());
						Thread.sleep(50);
					}
				}
				long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
				Update done = store.update(id,
						(current) -> current.toBuilder()
							.status(QueryStatus.DONE, Instant.now())
							.answer("Rayleigh scattering.")
							.backend(Backends.VLLM)
							.build());
				System.out.printf("Redis Cluster failover: the query's first write after the kill went through "
						+ "after %d ms, %d failed attempts before it (each fails after the 2 s command timeout "
						+ "or at once when refused)%n", recoveredMillis, failures.size());

				assertThat(generating.applied()).as("the write after the failover applies").isTrue();
				assertThat(generating.result().timestamps()).containsKeys(QueryStatus.QUEUED, QueryStatus.RETRIEVING,
						QueryStatus.GENERATING);
				assertThat(done.applied()).isTrue();
				assertThat(store.find(id)).get()
					.satisfies((result) -> assertThat(result.status()).isEqualTo(QueryStatus.DONE))
					.satisfies((result) -> assertThat(result.version()).isEqualTo(4));
				assertThat(failures).as("failures are reported, never swallowed")
					.allMatch((message) -> message.startsWith("Redis is unavailable"));
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(heard).as("the waiter hears the final document")
						.contains(QueryStatus.DONE));
			}
		}
	}

	/** Waits until the slot's replica holds {@code key}, as written on its master. */
	private static void awaitReplicated(LocalRedisCluster cluster, int slot, String key) {
		LocalRedisServer replica = cluster.replicaOf(slot);
		RedisClient client = RedisClient.create(RedisURI.create(LocalPorts.HOST, replica.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().readOnly();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connection.sync().get(key)).contains("\"status\":\"RETRIEVING\""));
		}
		finally {
			client.shutdown();
		}
	}

}
