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
 */
@ConfigurationProperties("ragline.cache")
public record AnswerCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration ttl,
		@DefaultValue("ragline:cache:") String keyPrefix,
		@DefaultValue("ragline:corpus:version") String corpusVersionKey) {

}
