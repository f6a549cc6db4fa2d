package dev.ragline.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ragline.contracts.QueryResult;
import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalRedisServer;
import dev.ragline.resultstore.ResultStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A real Kafka broker and redis-server on free loopback ports for one benchmark run, and
 * a way to wait for result documents.
 */
final class BenchEnvironment implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(20);

	private final LocalRedisServer redis = LocalRedisServer.start(0);

	private final LocalKafkaBroker kafka = LocalKafkaBroker.start(0);

	private final RedisClient client = RedisClient.create(this.redis.url());

	private final StatefulRedisConnection<String, String> connection = this.client.connect();

	private final ResultStore results = new ResultStore(this.connection.sync(), "ragline:query:", Duration.ofHours(1),
			Clock.systemUTC());

	/** Spring properties pointing a service at this environment. */
	Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		properties.put("ragline.redis.url", this.redis.url());
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.main.banner-mode", "off");
		return properties;
	}

	/** Commands on this environment's Redis. */
	RedisCommands<String, String> redis() {
		return this.connection.sync();
	}

	String redisUrl() {
		return this.redis.url();
	}

	String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	/** Waits until every query of {@code ids} is final, and returns their documents. */
	List<QueryResult> awaitFinal(List<String> ids, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			List<QueryResult> found = ids.stream()
				.map(this.results::find)
				.flatMap(Optional::stream)
				.filter((result) -> result.status().isFinal())
				.toList();
			if (found.size() == ids.size()) {
				return found;
			}
			Thread.sleep(POLL.toMillis());
		}
		throw new IllegalStateException("Not all " + ids.size() + " queries finished within " + timeout);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
		this.kafka.close();
		this.redis.close();
	}

}
