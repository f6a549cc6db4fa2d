package dev.ragline.bench.chaos;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.resultstore.ResultStoreProperties;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Counts the final writes of every result document as they happen: each write of the
 * result store publishes the new document on the document's key, so a pattern
 * subscription sees them all (except while Redis itself is down; the client subscribes
 * again when it is back). A document written final more than once would show a query
 * finished twice.
 */
final class FinalWrites implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisPubSubConnection<String, String> connection;

	private final Map<String, AtomicInteger> finalWrites = new ConcurrentHashMap<>();

	private final AtomicLong events = new AtomicLong();

	private FinalWrites(RedisClient client) {
		this.client = client;
		this.connection = client.connectPubSub();
		this.connection.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String pattern, String channel, String message) {
				seen(channel, message);
			}
		});
	}

	static FinalWrites watch(String redisUrl) {
		FinalWrites writes = new FinalWrites(RedisClient.create(redisUrl));
		writes.connection.sync().psubscribe(ResultStoreProperties.DEFAULT_KEY_PREFIX + "*");
		return writes;
	}

	private void seen(String channel, String message) {
		this.events.incrementAndGet();
		try {
			if (MessageJson.read(message, QueryResult.class).status().isFinal()) {
				this.finalWrites.computeIfAbsent(channel, (key) -> new AtomicInteger()).incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			// not a result document
		}
	}

	/** Writes that made an already final document final again. */
	long duplicates() {
		return this.finalWrites.values()
			.stream()
			.mapToInt(AtomicInteger::get)
			.filter((n) -> n > 1)
			.map((n) -> n - 1)
			.sum();
	}

	/** How many writes were seen. */
	long events() {
		return this.events.get();
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(0, 2, TimeUnit.SECONDS);
	}

}
