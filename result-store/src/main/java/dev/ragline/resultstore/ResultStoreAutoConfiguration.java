package dev.ragline.resultstore;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Gives every ragline service a {@link ResultStore} on one shared, thread-safe Lettuce
 * connection, to a single Redis node or a Redis Cluster ({@link RedisConnections}).
 */
@AutoConfiguration
@EnableConfigurationProperties({ ResultStoreProperties.class, AnswerCacheProperties.class })
public class ResultStoreAutoConfiguration {

	/** Shadow comparisons kept for the report. */
	static final int COMPARISONS_KEPT = 10_000;

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean(destroyMethod = "close")
	RedisConnections resultStoreRedis(ResultStoreProperties properties) {
		return RedisConnections.open(properties.url(), properties.commandTimeout());
	}

	@Bean
	ResultStore resultStore(RedisConnections resultStoreRedis, ResultStoreProperties properties, Clock clock) {
		return new ResultStore(resultStoreRedis.commands(), properties.keyPrefix(), properties.ttl(), clock);
	}

	/**
	 * Only processes that wait for results (the HTTP API) open the pub/sub connection.
	 */
	@Bean(destroyMethod = "close")
	@Lazy
	ResultEvents resultEvents(RedisConnections resultStoreRedis, ResultStore resultStore) {
		return new ResultEvents(resultStoreRedis.connectPubSub(), resultStore);
	}

	@Bean
	ComparisonLog comparisonLog(RedisConnections resultStoreRedis, ResultStoreProperties properties) {
		return new ComparisonLog(resultStoreRedis.commands(), properties.comparisonsKey(), COMPARISONS_KEPT);
	}

	@Bean
	ExperimentSettings experimentSettings(RedisConnections resultStoreRedis, ResultStoreProperties properties) {
		return new ExperimentSettings(resultStoreRedis.commands(), properties.experimentKey());
	}

	@Bean
	WorkerStatusBoard workerStatusBoard(RedisConnections resultStoreRedis, ResultStoreProperties properties) {
		return new WorkerStatusBoard(resultStoreRedis.commands(), properties.workersKeyPrefix());
	}

	@Bean
	AnswerCache answerCache(RedisConnections resultStoreRedis, AnswerCacheProperties properties) {
		return new AnswerCache(resultStoreRedis.commands(), properties.keyPrefix(), properties.ttl());
	}

	@Bean
	CorpusVersion corpusVersion(RedisConnections resultStoreRedis, AnswerCacheProperties properties) {
		return new CorpusVersion(resultStoreRedis.commands(), properties.corpusVersionKey());
	}

	/**
	 * The version in memory, for the HTTP API (cache lookups) and the retriever (which
	 * stamps the version it searched on each retrieved query); created where used.
	 */
	@Bean(destroyMethod = "close")
	@Lazy
	CorpusVersionFollower corpusVersionFollower(RedisConnections resultStoreRedis, CorpusVersion corpusVersion,
			AnswerCacheProperties properties) {
		return new CorpusVersionFollower(corpusVersion, resultStoreRedis.connectPubSub(),
				properties.corpusVersionRefresh());
	}

}
