package dev.ragline.resultstore;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how result documents are stored ({@code ragline.redis.*}, env
 * {@code RAGLINE_REDIS_URL} etc.).
 *
 * @param url Redis URL: a single node, e.g. {@code redis://127.0.0.1:6379} or
 * {@code rediss://:password@host:6380/0}, or a Redis Cluster by some of its nodes, e.g.
 * {@code redis-cluster://10.0.0.1:6379,10.0.0.2:6379} ({@code rediss-cluster://} with
 * TLS; see {@link RedisConnections})
 * @param ttl how long a result document lives after its last write
 * @param keyPrefix prefix of result keys; the query id follows it
 * @param commandTimeout how long one Redis command may take before it fails
 * @param workersKeyPrefix prefix of the keys workers write their status to
 * ({@link WorkerStatusBoard}); the worker's instance follows it
 * @param workerStatusInterval how often a worker writes its status; it lives three times
 * as long
 * @param comparisonsKey the Redis list of the latest shadow comparisons
 * ({@link ComparisonLog})
 * @param experimentKey the key of the experiment every llm-worker follows
 * ({@link ExperimentSettings})
 */
@ConfigurationProperties("ragline.redis")
public record ResultStoreProperties(@DefaultValue(DEFAULT_URL) URI url, @DefaultValue("24h") Duration ttl,
		@DefaultValue(DEFAULT_KEY_PREFIX) String keyPrefix, @DefaultValue("5s") Duration commandTimeout,
		@DefaultValue("ragline:worker:") String workersKeyPrefix, @DefaultValue("2s") Duration workerStatusInterval,
		@DefaultValue("ragline:comparisons") String comparisonsKey,
		@DefaultValue("ragline:experiment") String experimentKey) {

	public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

	public static final String DEFAULT_KEY_PREFIX = "ragline:query:";

}
