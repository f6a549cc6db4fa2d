package dev.ragline.ingest.query;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

import dev.ragline.ingest.IngestProperties;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.AnswerCacheProperties;
import dev.ragline.resultstore.CorpusVersionFollower;
import dev.ragline.resultstore.RedisConnections;
import dev.ragline.resultstore.ResultEvents;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.ResultStoreProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

	static final String IDEMPOTENCY_PREFIX = "ragline:idempotency:";

	@Bean
	IdempotencyKeys idempotencyKeys(RedisConnections resultStoreRedis, ResultStoreProperties store) {
		return new IdempotencyKeys(resultStoreRedis.commands(), IDEMPOTENCY_PREFIX, store.ttl());
	}

	@Bean
	CacheLookups cacheLookups(MeterRegistry registry) {
		return new CacheLookups(registry);
	}

	@Bean
	QuerySubmitter querySubmitter(ResultStore store, KafkaTemplate<String, byte[]> kafka, TopicsProperties topics,
			IngestProperties properties, IdempotencyKeys idempotencyKeys, AnswerCache cache,
			AnswerCacheProperties cacheProperties, CorpusVersionFollower corpusVersion, CacheLookups cacheLookups,
			Clock clock) {
		return new QuerySubmitter(store, kafka, topics, properties, idempotencyKeys, cache, cacheProperties,
				corpusVersion, cacheLookups, clock);
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService waitTimer() {
		return ResultWaiter.newTimer();
	}

	@Bean
	ResultWaiter resultWaiter(ResultStore store, ResultEvents events, ScheduledExecutorService waitTimer) {
		return new ResultWaiter(store, events, waitTimer);
	}

}
