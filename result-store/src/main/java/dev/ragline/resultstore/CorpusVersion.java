package dev.ragline.resultstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.InfrastructureUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A counter that changes whenever the document collection changes
 * ({@code ragline:corpus:version} by default): the answer cache keys entries by it, so
 * answers computed from an older collection are not served any more. Each change is also
 * published on the channel of the same name, for {@link CorpusVersionFollower}.
 *
 * <p>
 * Retriever replicas report what they have applied: the documents topic's id and, per
 * partition, the offset after the last record applied ({@link #applied}). The counter
 * moves only when a report goes past everything reported before (a record no replica had
 * applied yet, or a new documents topic). So the same change applied by N replicas, or
 * replayed when a replica starts, moves it at most once, and adding or restarting a
 * replica keeps the cache.
 */
public class CorpusVersion {

	/**
	 * KEYS[1] the counter, KEYS[2] a hash of what has been applied: {@code topic} and one
	 * {@code p<partition>} field per partition, at {@code {<counter key>}:applied}, in
	 * the counter's hash slot. ARGV[1] the topic id, then pairs of partition and next
	 * offset.
	 */
	private static final String APPLIED = """
			local changed = false
			if redis.call('HGET', KEYS[2], 'topic') ~= ARGV[1] then
			  redis.call('DEL', KEYS[2])
			  redis.call('HSET', KEYS[2], 'topic', ARGV[1])
			  changed = true
			end
			for i = 2, #ARGV, 2 do
			  local field = 'p' .. ARGV[i]
			  local stored = tonumber(redis.call('HGET', KEYS[2], field) or '-1')
			  if tonumber(ARGV[i + 1]) > stored then
			    redis.call('HSET', KEYS[2], field, ARGV[i + 1])
			    changed = true
			  end
			end
			if changed then
			  local version = redis.call('INCR', KEYS[1])
			  redis.call('PUBLISH', KEYS[1], tostring(version))
			  return version
			end
			return tonumber(redis.call('GET', KEYS[1]) or '0')
			""";

	private static final String APPLIED_SUFFIX = ":applied";

	private static final char TAG_OPEN = '{';

	private static final char TAG_CLOSE = '}';

	private final RedisClusterCommands<String, String> redis;

	private final String key;

	private final String appliedKey;

	private final LuaScript appliedScript;

	public CorpusVersion(RedisClusterCommands<String, String> redis, String key) {
		this.redis = redis;
		this.key = key;
		this.appliedKey = sameSlot(key) + APPLIED_SUFFIX;
		this.appliedScript = new LuaScript(redis, APPLIED, ScriptOutputType.INTEGER);
	}

	public long current() {
		try {
			String value = this.redis.get(this.key);
			return (value != null) ? Long.parseLong(value) : 0;
		}
		catch (RedisException ex) {
			throw unavailable(ex);
		}
	}

	/** The Redis key of the counter, also the channel its changes are published on. */
	public String key() {
		return this.key;
	}

	/** Marks the collection as changed, whatever was applied. */
	public long bump() {
		try {
			long version = this.redis.incr(this.key);
			this.redis.publish(this.key, Long.toString(version));
			return version;
		}
		catch (RedisException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * A replica has applied the documents topic {@code topicId} up to these offsets (per
	 * partition, the offset after the last record applied).
	 * @return the version now: new when these offsets go past every earlier report, else
	 * unchanged
	 */
	public long applied(String topicId, Map<Integer, Long> nextOffsets) {
		List<String> args = new ArrayList<>(1 + 2 * nextOffsets.size());
		args.add(topicId);
		nextOffsets.forEach((partition, offset) -> {
			args.add(Integer.toString(partition));
			args.add(Long.toString(offset));
		});
		try {
			Long version = this.appliedScript.run(this.redis, new String[] { this.key, this.appliedKey },
					args.toArray(String[]::new));
			return (version != null) ? version : 0;
		}
		catch (RedisException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * A prefix for keys that hash to the slot of {@code key}, so one script may touch
	 * them together on a Redis Cluster: {@code key} itself when it has a hash tag (its
	 * first non-empty {@code {...}}), else {@code key} as the tag:
	 * {@code {ragline:corpus:version}}, which hashes as {@code ragline:corpus:version}
	 * does.
	 * @throws IllegalArgumentException for a key with a {@code '}'} but no hash tag,
	 * which no tag can reproduce
	 */
	static String sameSlot(String key) {
		int open = key.indexOf(TAG_OPEN);
		int close = (open >= 0) ? key.indexOf(TAG_CLOSE, open + 1) : -1;
		if (close > open + 1) {
			return key;
		}
		if (key.indexOf(TAG_CLOSE) >= 0) {
			throw new IllegalArgumentException("The corpus version key '" + key
					+ "' has a '}' but no hash tag: use a key without braces, or one with a tag such as {ragline}:corpus:version");
		}
		return TAG_OPEN + key + TAG_CLOSE;
	}

	private static InfrastructureUnavailableException unavailable(RedisException ex) {
		return new InfrastructureUnavailableException(null, "Redis is unavailable: " + ex.getMessage(), ex);
	}

}
