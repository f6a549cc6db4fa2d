package dev.ragline.resultstore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The answer cache ({@code ragline.cache.*}).
 *
 * @param enabled whether answers are kept and served again
 * @param ttl how long a kept answer is served
 * @param keyPrefix prefix of the cache's Redis keys
 * @param corpusVersionKey the Redis key of the collection's version counter
 * @param corpusVersionRefresh how often the HTTP API reads the counter again, in case a
 * published change was lost: the longest an answer from before a documents change can
 * still be served
 */
@ConfigurationProperties("ragline.cache")
public record AnswerCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration ttl,
		@DefaultValue("ragline:cache:") String keyPrefix,
		@DefaultValue("ragline:corpus:version") String corpusVersionKey,
		@DefaultValue("1s") Duration corpusVersionRefresh) {

}
