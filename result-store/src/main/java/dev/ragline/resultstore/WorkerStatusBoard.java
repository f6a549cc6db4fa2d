package dev.ragline.resultstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.WorkerStatus;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The workers' statuses in Redis: one JSON string per worker at
 * {@code <prefix><service>:<instance>} (one JVM may run several services, as
 * {@code ./ragline standalone} does), written with a time to live, so a worker that stops
 * or dies leaves the board by itself shortly after; and a set at {@code <prefix>all}
 * naming those keys, so reading the board costs as many keys as there are workers, never
 * a scan of a keyspace that holds every query's result. The reader drops the names whose
 * status has expired.
 */
public class WorkerStatusBoard {

	private final RedisClusterCommands<String, String> redis;

	private final String keyPrefix;

	private final String index;

	public WorkerStatusBoard(RedisClusterCommands<String, String> redis, String keyPrefix) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.index = keyPrefix + "all";
	}

	/** Writes {@code status}, to live for {@code ttl}. */
	public void write(WorkerStatus status, Duration ttl) {
		String key = key(status.service(), status.instance());
		this.redis.set(key, MessageJson.toString(status), SetArgs.Builder.px(ttl.toMillis()));
		this.redis.sadd(this.index, key);
	}

	/** Removes the status of a worker that stops. */
	public void remove(String service, String instance) {
		String key = key(service, instance);
		this.redis.del(key);
		this.redis.srem(this.index, key);
	}

	/**
	 * Whether the connection to Redis is up now (not while it is away and the client
	 * reconnects): a command sent meanwhile waits for the command timeout.
	 */
	public boolean reachable() {
		return this.redis.isOpen();
	}

	/** Every status on the board, by service, role and instance. */
	public List<WorkerStatus> all() {
		List<String> keys = new ArrayList<>(this.redis.smembers(this.index));
		if (keys.isEmpty()) {
			return List.of();
		}
		List<WorkerStatus> statuses = new ArrayList<>(keys.size());
		List<String> expired = new ArrayList<>();
		for (KeyValue<String, String> value : this.redis.mget(keys.toArray(String[]::new))) {
			if (value.hasValue()) {
				statuses.add(MessageJson.read(value.getValue(), WorkerStatus.class));
			}
			else {
				expired.add(value.getKey());
			}
		}
		if (!expired.isEmpty()) {
			// a worker that writes again meanwhile adds its name back with its next
			// status
			this.redis.srem(this.index, expired.toArray(String[]::new));
		}
		statuses.sort(Comparator.comparing(WorkerStatus::service)
			.thenComparing((status) -> String.valueOf(status.role()))
			.thenComparing(WorkerStatus::instance));
		return statuses;
	}

	private String key(String service, String instance) {
		return this.keyPrefix + service + ":" + instance;
	}

}
