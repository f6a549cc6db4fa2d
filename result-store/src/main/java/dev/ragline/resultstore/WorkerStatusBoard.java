package dev.ragline.resultstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.WorkerStatus;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The workers' statuses in Redis: one JSON string per worker at
 * {@code <prefix><service>:<instance>} (one JVM may run several services, as
 * {@code ./ragline standalone} does), written with a time to live, so a worker that stops
 * or dies leaves the board by itself shortly after.
 */
public class WorkerStatusBoard {

	private static final int SCAN_COUNT = 500;

	private final RedisCommands<String, String> redis;

	private final String keyPrefix;

	public WorkerStatusBoard(RedisCommands<String, String> redis, String keyPrefix) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	/** Writes {@code status}, to live for {@code ttl}. */
	public void write(WorkerStatus status, Duration ttl) {
		this.redis.set(key(status.service(), status.instance()), MessageJson.toString(status),
				SetArgs.Builder.px(ttl.toMillis()));
	}

	/** Removes the status of a worker that stops. */
	public void remove(String service, String instance) {
		this.redis.del(key(service, instance));
	}

	/** Every status on the board, by service, role and instance. */
	public List<WorkerStatus> all() {
		List<String> keys = new ArrayList<>();
		ScanArgs match = ScanArgs.Builder.matches(this.keyPrefix + "*").limit(SCAN_COUNT);
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			var page = this.redis.scan(cursor, match);
			keys.addAll(page.getKeys());
			cursor = page;
		}
		while (!cursor.isFinished());
		if (keys.isEmpty()) {
			return List.of();
		}
		List<WorkerStatus> statuses = new ArrayList<>(keys.size());
		for (KeyValue<String, String> value : this.redis.mget(keys.toArray(String[]::new))) {
			// a status may expire between the scan and the read
			if (value.hasValue()) {
				statuses.add(MessageJson.read(value.getValue(), WorkerStatus.class));
			}
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
