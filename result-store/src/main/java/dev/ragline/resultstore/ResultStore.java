package dev.ragline.resultstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.ragline.contracts.Comparison;
import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Reads and writes result documents at {@code <prefix><id>} (default
 * {@code ragline:query:<id>}) as JSON strings with a TTL, so any Redis client can
 * {@code GET} them.
 *
 * <p>
 * Every write is a compare-and-set on the document's {@code version}, checked inside
 * Redis by a Lua script, and a write that would move the status backwards or change a
 * final document is refused. So concurrent or late writers (a duplicate delivery, a slow
 * worker) can never regress a query or overwrite its final result.
 */
public class ResultStore {

	/**
	 * Version expected when the document must not exist yet; stored versions start at 1.
	 */
	private static final long ABSENT = 0;

	/** Conflicting writers retry this often before the update fails. */
	private static final int MAX_CAS_ATTEMPTS = 64;

	/**
	 * Writes ARGV[1] if the stored document's version is ARGV[2] (0: no document). The
	 * version is read with a pattern rather than by decoding the whole document: it is
	 * the only unescaped {@code "version":} key, as JSON strings escape their quotes.
	 */
	private static final String COMPARE_AND_SET = """
			local current = redis.call('GET', KEYS[1])
			local expected = tonumber(ARGV[2])
			if current then
			  if tonumber(string.match(current, '"version":(%d+)')) ~= expected then return 0 end
			elseif expected ~= 0 then
			  return 0
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
			redis.call('PUBLISH', KEYS[1], ARGV[1])
			return 1
			""";

	/**
	 * Returns the value at KEYS[1] (a cached answer) if there is one and writes nothing;
	 * otherwise creates the document KEYS[2] as ARGV[1] unless it exists, as a
	 * compare-and-set from "absent" would.
	 */
	private static final String CREATE_UNLESS_CACHED = """
			local cached = redis.call('GET', KEYS[1])
			if cached then return cached end
			if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
			  redis.call('PUBLISH', KEYS[2], ARGV[1])
			end
			return false
			""";

	private final RedisClusterCommands<String, String> redis;

	private final String keyPrefix;

	private final Duration ttl;

	private final Clock clock;

	private final LuaScript compareAndSetScript;

	private final LuaScript createUnlessCachedScript;

	private final StatusAdvance statusAdvance;

	/** Whether {@link #redis} is a Redis Cluster, where a script spans one slot only. */
	private final boolean cluster;

	public ResultStore(RedisClusterCommands<String, String> redis, String keyPrefix, Duration ttl, Clock clock) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.ttl = ttl;
		this.clock = clock;
		this.compareAndSetScript = new LuaScript(redis, COMPARE_AND_SET, ScriptOutputType.INTEGER);
		this.createUnlessCachedScript = new LuaScript(redis, CREATE_UNLESS_CACHED, ScriptOutputType.VALUE);
		this.statusAdvance = new StatusAdvance(redis);
		this.cluster = RedisConnections.isCluster(redis);
	}

	/** The Redis key of query {@code id}. */
	public String key(String id) {
		return this.keyPrefix + id;
	}

	public Optional<QueryResult> find(String id) {
		return findJson(id).map((value) -> MessageJson.read(value, QueryResult.class));
	}

	/** The raw JSON stored for {@code id}, exactly as a Redis client would see it. */
	public Optional<String> findJson(String id) {
		return Optional.ofNullable(call(id, () -> this.redis.get(key(id))));
	}

	/**
	 * Stores {@code result} unless a document for its id exists already.
	 * @return whether it was stored
	 */
	public boolean createIfAbsent(QueryResult result) {
		return create(result).isPresent();
	}

	/**
	 * Stores {@code result} unless a document for its id exists already.
	 * @return the document as stored (with its version and time), or empty when one
	 * existed
	 */
	public Optional<QueryResult> create(QueryResult result) {
		QueryResult stamped = result.toBuilder().version(ABSENT + 1).updatedAt(this.clock.instant()).build();
		return compareAndSet(result.id(), ABSENT, stamped) ? Optional.of(stamped) : Optional.empty();
	}

	/**
	 * Stores {@code result} (as {@link #createIfAbsent}) unless Redis holds a value at
	 * {@code cacheKey}: the front door's way to either answer a question from the answer
	 * cache or record it as QUEUED. On a single node that is one script, one round trip.
	 * On a Redis Cluster the two keys live in different slots, which no script may span,
	 * so it reads the cache first and creates the document after: an answer cached in
	 * between is not served to this query, which then runs as any query asked a moment
	 * earlier would; a cached answer present at the read always is.
	 * @return the value at {@code cacheKey} if there was one (then nothing was written)
	 */
	public Optional<String> createUnlessCached(QueryResult result, String cacheKey) {
		if (this.cluster) {
			Optional<String> cached = Optional.ofNullable(call(result.id(), () -> this.redis.get(cacheKey)));
			if (cached.isEmpty()) {
				createIfAbsent(result);
			}
			return cached;
		}
		QueryResult stamped = result.toBuilder().version(ABSENT + 1).updatedAt(this.clock.instant()).build();
		String[] keys = { cacheKey, key(result.id()) };
		String[] args = { MessageJson.toString(stamped), Long.toString(this.ttl.toMillis()) };
		return Optional.ofNullable(call(result.id(), () -> this.createUnlessCachedScript.run(this.redis, keys, args)));
	}

	/**
	 * Moves the document of {@code id} to {@code status}, reached {@code now}, in one
	 * round trip ({@link StatusAdvance}): the hot path of every stage that only marks its
	 * progress. Unchanged when it is in that status already, refused when it is past it
	 * or final, and created from {@code absent} when there is no document yet.
	 */
	public Update advance(String id, QueryStatus status, Instant now, Supplier<QueryResult> absent) {
		StatusAdvance.Outcome outcome = call(id,
				() -> this.statusAdvance.run(this.redis, key(id), status, now, this.ttl.toMillis()));
		if (outcome.verdict() == StatusAdvance.NOT_HANDLED) {
			return update(id, (current) -> {
				if (current == null) {
					return absent.get();
				}
				return (current.status() == status) ? null : current.toBuilder().status(status, now).build();
			});
		}
		QueryResult result = MessageJson.read(outcome.json(), QueryResult.class);
		if (outcome.verdict() == StatusAdvance.APPLIED) {
			return Update.applied(result);
		}
		return (outcome.verdict() == StatusAdvance.REFUSED) ? Update.refused(result) : Update.unchanged(result);
	}

	/**
	 * Applies {@code change} to the current document of {@code id} ({@code null} when
	 * there is none) and stores what it returns, retrying on concurrent writes. The
	 * change may run several times, so it must not have side effects. Returning
	 * {@code null} means "write nothing".
	 * @return what happened, with the document as it now stands
	 */
	public Update update(String id, UnaryOperator<QueryResult> change) {
		for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
			QueryResult current = find(id).orElse(null);
			QueryResult next = change.apply(current);
			if (next == null) {
				return Update.unchanged(current);
			}
			if (current != null && !current.status().canMoveTo(next.status())) {
				return Update.refused(current);
			}
			long expected = (current != null) ? current.version() : ABSENT;
			QueryResult stamped = next.toBuilder().version(expected + 1).updatedAt(this.clock.instant()).build();
			if (compareAndSet(id, expected, stamped)) {
				return Update.applied(stamped);
			}
		}
		throw new ConcurrentUpdateException(id, MAX_CAS_ATTEMPTS);
	}

	/**
	 * As {@link #update(String, UnaryOperator)}, starting from {@code known}, the
	 * document as this writer last wrote or read it: when nobody wrote since, that saves
	 * reading it again (one round trip instead of two). Otherwise it reads and retries as
	 * usual.
	 */
	public Update update(QueryResult known, UnaryOperator<QueryResult> change) {
		QueryResult next = change.apply(known);
		if (next == null) {
			return Update.unchanged(known);
		}
		if (known.status().canMoveTo(next.status())) {
			QueryResult stamped = next.toBuilder().version(known.version() + 1).updatedAt(this.clock.instant()).build();
			if (compareAndSet(known.id(), known.version(), stamped)) {
				return Update.applied(stamped);
			}
		}
		return update(known.id(), change);
	}

	/**
	 * Adds {@code comparison} to the final document of {@code id}: the one change a final
	 * document takes, once, and nothing else in it changes (status, answer and the rest
	 * stay as the first final writer left them).
	 * @return whether it was added (not when the document is gone, not final yet, or has
	 * a comparison already)
	 */
	public boolean attachComparison(String id, Comparison comparison) {
		for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
			QueryResult current = find(id).orElse(null);
			if (current == null || !current.status().isFinal() || current.comparison() != null) {
				return false;
			}
			QueryResult next = current.toBuilder()
				.comparison(comparison)
				.version(current.version() + 1)
				.updatedAt(this.clock.instant())
				.build();
			if (compareAndSet(id, current.version(), next)) {
				return true;
			}
		}
		throw new ConcurrentUpdateException(id, MAX_CAS_ATTEMPTS);
	}

	/**
	 * Removes the document of {@code id}; used to undo a submission that never reached
	 * Kafka.
	 */
	public void delete(String id) {
		call(id, () -> this.redis.del(key(id)));
	}

	private boolean compareAndSet(String id, long expectedVersion, QueryResult next) {
		String[] keys = { key(id) };
		String[] args = { MessageJson.toString(next), Long.toString(expectedVersion),
				Long.toString(this.ttl.toMillis()) };
		Long applied = call(id, () -> this.compareAndSetScript.<Long>run(this.redis, keys, args));
		return applied != null && applied == 1L;
	}

	private static <T> T call(String id, Supplier<T> command) {
		try {
			return command.get();
		}
		catch (RedisException ex) {
			throw new InfrastructureUnavailableException(id, "Redis is unavailable: " + ex.getMessage(), ex);
		}
	}

}
