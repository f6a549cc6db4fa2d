package dev.ragline.resultstore;

import java.util.List;

import dev.ragline.contracts.Comparison;
import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The latest shadow comparisons, newest first, in one Redis list
 * ({@code ragline:comparisons} by default) capped at {@code capacity}: what the
 * comparison report is computed from.
 */
public class ComparisonLog {

	private final RedisClusterCommands<String, String> redis;

	private final String key;

	private final int capacity;

	public ComparisonLog(RedisClusterCommands<String, String> redis, String key, int capacity) {
		this.redis = redis;
		this.key = key;
		this.capacity = capacity;
	}

	public void add(Comparison comparison) {
		try {
			this.redis.lpush(this.key, MessageJson.toString(comparison));
			this.redis.ltrim(this.key, 0, this.capacity - 1);
		}
		catch (RedisException ex) {
			throw new InfrastructureUnavailableException(comparison.queryId(),
					"Redis is unavailable: " + ex.getMessage(), ex);
		}
	}

	/** The latest {@code limit} comparisons, newest first. */
	public List<Comparison> latest(int limit) {
		try {
			return this.redis.lrange(this.key, 0, Math.max(0, Math.min(limit, this.capacity) - 1))
				.stream()
				.map((json) -> MessageJson.read(json, Comparison.class))
				.toList();
		}
		catch (RedisException ex) {
			throw new InfrastructureUnavailableException(null, "Redis is unavailable: " + ex.getMessage(), ex);
		}
	}

	/** Forgets every comparison (a new experiment). */
	public void clear() {
		this.redis.del(this.key);
	}

}
