package dev.ragline.resultstore;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;

import dev.ragline.contracts.InfrastructureUnavailableException;

/**
 * A counter that changes whenever the document collection changes
 * ({@code ragline:corpus:version} by default): retrievers bump it after applying document
 * changes, and the answer cache keys entries by it, so answers computed from an older
 * collection are not served any more. Each bump is also published on the channel of the
 * same name, for {@link CorpusVersionFollower}.
 */
public class CorpusVersion {

	private final RedisCommands<String, String> redis;

	private final String key;

	public CorpusVersion(RedisCommands<String, String> redis, String key) {
		this.redis = redis;
		this.key = key;
	}

	public long current() {
		try {
			String value = this.redis.get(this.key);
			return (value != null) ? Long.parseLong(value) : 0;
		}
		catch (RedisException ex) {
			throw new InfrastructureUnavailableException(null, "Redis is unavailable: " + ex.getMessage(), ex);
		}
	}

	/** The Redis key of the counter, also the channel its changes are published on. */
	public String key() {
		return this.key;
	}

	/** Marks the collection as changed. */
	public long bump() {
		try {
			long version = this.redis.incr(this.key);
			this.redis.publish(this.key, Long.toString(version));
			return version;
		}
		catch (RedisException ex) {
			throw new InfrastructureUnavailableException(null, "Redis is unavailable: " + ex.getMessage(), ex);
		}
	}

}
