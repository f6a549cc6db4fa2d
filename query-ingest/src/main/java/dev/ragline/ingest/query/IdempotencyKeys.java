package dev.ragline.ingest.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.ingest.api.BadRequestException;
import dev.ragline.ingest.api.ConflictException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import org.springframework.http.HttpStatus;

/**
 * {@code Idempotency-Key}: the first request with a key claims it for its query id (for
 * as long as results live); a retry with the same key and the same body gets the same id,
 * one with another body is refused. Keys are scoped to the client (its API key, when keys
 * are used).
 */
class IdempotencyKeys {

	static final int MAX_KEY_LENGTH = 255;

	private final RedisClusterCommands<String, String> redis;

	private final String prefix;

	private final Duration ttl;

	/** What a key was claimed for. */
	record Claim(String queryId, String fingerprint) {

	}

	IdempotencyKeys(RedisClusterCommands<String, String> redis, String prefix, Duration ttl) {
		this.redis = redis;
		this.prefix = prefix;
		this.ttl = ttl;
	}

	/**
	 * Claims {@code key} for {@code queryId}.
	 * @return the id of the query the key belongs to: {@code queryId} when this request
	 * claimed it, an earlier one's when it was a retry
	 * @throws ConflictException (422) when the key was used for a different request
	 */
	String claim(String client, String key, SubmitQueryRequest request, String queryId) {
		validate(key);
		String redisKey = redisKey(client, key);
		String fingerprint = fingerprint(request);
		try {
			String claimed = MessageJson.toString(new Claim(queryId, fingerprint));
			if ("OK".equals(this.redis.set(redisKey, claimed, SetArgs.Builder.nx().px(this.ttl.toMillis())))) {
				return queryId;
			}
			String existing = this.redis.get(redisKey);
			if (existing == null) {
				return claim(client, key, request, queryId);
			}
			Claim earlier = MessageJson.read(existing, Claim.class);
			if (!earlier.fingerprint().equals(fingerprint)) {
				throw new ConflictException(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key '" + key
						+ "' was used for a different request; use a new key for a new question");
			}
			return earlier.queryId();
		}
		catch (RedisException ex) {
			throw new InfrastructureUnavailableException(queryId, "Redis is unavailable: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Frees {@code key} again, when the request that claimed it could not be accepted.
	 */
	void release(String client, String key) {
		try {
			this.redis.del(redisKey(client, key));
		}
		catch (RedisException ex) {
			// the claim expires with the TTL; a retry meanwhile gets 409, tries later
		}
	}

	private String redisKey(String client, String key) {
		return this.prefix + sha256(client) + ":" + key;
	}

	private static void validate(String key) {
		if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw new BadRequestException("Idempotency-Key",
					"Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters, e.g. a UUID");
		}
	}

	private static String fingerprint(SubmitQueryRequest request) {
		return sha256(MessageJson.toString(request));
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
