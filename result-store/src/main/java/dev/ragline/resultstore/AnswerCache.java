package dev.ragline.resultstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Answers to questions asked before, in Redis ({@code ragline:cache:<sha-256>} by
 * default, with a TTL). A question matches an earlier one when both read the same after
 * normalisation (Unicode NFKC, lower case, runs of whitespace as one space, trimmed), ask
 * for the same settings ({@code topK}, {@code maxTokens}, {@code temperature}), and the
 * collection has not changed since ({@link CorpusVersion}).
 */
public class AnswerCache {

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	/**
	 * One digest per thread: {@code MessageDigest.getInstance} looks the algorithm up in
	 * the security providers on every call, a measurable share of a submission.
	 */
	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(AnswerCache::newSha256);

	private final RedisClusterCommands<String, String> redis;

	private final String keyPrefix;

	private final Duration ttl;

	public AnswerCache(RedisClusterCommands<String, String> redis, String keyPrefix, Duration ttl) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.ttl = ttl;
	}

	public void put(QueryMessage query, long corpusVersion, CachedAnswer answer) {
		try {
			this.redis.set(key(query, corpusVersion), MessageJson.toString(answer),
					SetArgs.Builder.px(this.ttl.toMillis()));
		}
		catch (RedisException ex) {
			throw new InfrastructureUnavailableException(query.id(), "Redis is unavailable: " + ex.getMessage(), ex);
		}
	}

	/** An answer as stored at one of this cache's keys. */
	public static CachedAnswer read(String json) {
		return MessageJson.read(json, CachedAnswer.class);
	}

	/**
	 * The Redis key of the answer to {@code query} over the collection at
	 * {@code corpusVersion}.
	 */
	public String key(QueryMessage query, long corpusVersion) {
		String identity = normalize(query.question()) + "\n" + query.topK() + "\n" + query.maxTokens() + "\n"
				+ query.temperature() + "\n" + corpusVersion;
		return this.keyPrefix + sha256(identity);
	}

	/** The form two questions must share to be the same question. */
	public static String normalize(String question) {
		// NFKC leaves text in ASCII as it is, and most questions are
		String composed = isAscii(question) ? question : Normalizer.normalize(question, Normalizer.Form.NFKC);
		return WHITESPACE.matcher(composed.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
	}

	private static boolean isAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

	private static String sha256(String text) {
		return HexFormat.of().formatHex(SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
