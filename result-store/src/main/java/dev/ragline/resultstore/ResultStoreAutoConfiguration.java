package dev.ragline.resultstore;

import java.time.Clock;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Gives every ragline service a {@link ResultStore} on one shared, thread-safe Lettuce
 * connection.
 */
@AutoConfiguration
@EnableConfigurationProperties({ ResultStoreProperties.class, AnswerCacheProperties.class })
public class ResultStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean(destroyMethod = "shutdown")
	RedisClient resultStoreRedisClient(ResultStoreProperties properties) {
		RedisClient client = RedisClient.create(RedisURI.create(properties.url()));
		client.setOptions(
				ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout())).build());
		return client;
	}

	@Bean(destroyMethod = "close")
	StatefulRedisConnection<String, String> resultStoreRedisConnection(RedisClient resultStoreRedisClient) {
		return resultStoreRedisClient.connect();
	}

	@Bean
	ResultStore resultStore(StatefulRedisConnection<String, String> resultStoreRedisConnection,
			ResultStoreProperties properties, Clock clock) {
		return new ResultStore(resultStoreRedisConnection.sync(), properties.keyPrefix(), properties.ttl(), clock);
	}

	/**
	 * Only processes that wait for results (the HTTP API) open the pub/sub connection.
	 */
	@Bean(destroyMethod = "close")
	@Lazy
	ResultEvents resultEvents(RedisClient resultStoreRedisClient, ResultStore resultStore) {
		return new ResultEvents(resultStoreRedisClient.connectPubSub(), resultStore);
	}

	@Bean
	WorkerStatusBoard workerStatusBoard(StatefulRedisConnection<String, String> resultStoreRedisConnection,
			ResultStoreProperties properties) {
		return new WorkerStatusBoard(resultStoreRedisConnection.sync(), properties.workersKeyPrefix());
	}

	@Bean
	AnswerCache answerCache(StatefulRedisConnection<String, String> resultStoreRedisConnection,
			AnswerCacheProperties properties) {
		return new AnswerCache(resultStoreRedisConnection.sync(), properties.keyPrefix(), properties.ttl());
	}

	@Bean
	CorpusVersion corpusVersion(StatefulRedisConnection<String, String> resultStoreRedisConnection,
			AnswerCacheProperties properties) {
		return new CorpusVersion(resultStoreRedisConnection.sync(), properties.corpusVersionKey());
	}

	/**
	 * The version in memory, for the HTTP API (cache lookups) and the retriever (which
	 * stamps the version it searched on each retrieved query); created where used.
	 */
	@Bean(destroyMethod = "close")
	@Lazy
	CorpusVersionFollower corpusVersionFollower(RedisClient resultStoreRedisClient, CorpusVersion corpusVersion,
			AnswerCacheProperties properties) {
		return new CorpusVersionFollower(corpusVersion, resultStoreRedisClient.connectPubSub(),
				properties.corpusVersionRefresh());
	}

}
