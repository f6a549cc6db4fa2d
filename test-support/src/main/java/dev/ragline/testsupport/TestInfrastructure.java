package dev.ragline.testsupport;

import java.util.Map;
import java.util.UUID;

import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalRedisCluster;
import dev.ragline.infra.LocalRedisServer;

/**
 * One real Kafka broker and one real Redis for the whole test JVM, started on first use
 * on free loopback ports and stopped when the JVM exits. Tests isolate themselves with
 * {@link #isolatedProperties(String)} rather than by restarting servers.
 *
 * <p>
 * Redis is a single redis-server, or, when the system property {@value #REDIS_MODE} is
 * {@value #CLUSTER}, a local Redis Cluster of three masters ({@link LocalRedisCluster}):
 * the builds run the Redis-facing tests once against each.
 */
public final class TestInfrastructure {

	/** The system property that selects the Redis the tests run against. */
	public static final String REDIS_MODE = "ragline.test.redis";

	/** {@value #REDIS_MODE} for a Redis Cluster. */
	public static final String CLUSTER = "cluster";

	private static final int CLUSTER_MASTERS = 3;

	private static LocalKafkaBroker kafka;

	private static LocalRedisServer redis;

	private static LocalRedisCluster redisCluster;

	private TestInfrastructure() {
	}

	public static synchronized String kafkaBootstrapServers() {
		if (kafka == null) {
			kafka = LocalKafkaBroker.start(0);
			Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-shutdown"));
		}
		return kafka.bootstrapServers();
	}

	/**
	 * The URL of the tests' Redis: {@code redis://127.0.0.1:<port>}, or
	 * {@code redis-cluster://...} when the tests run against a cluster.
	 */
	public static synchronized String redisUrl() {
		if (redisCluster()) {
			if (redisCluster == null) {
				redisCluster = LocalRedisCluster.start(CLUSTER_MASTERS, 0);
				Runtime.getRuntime().addShutdownHook(new Thread(redisCluster::close, "test-redis-cluster-shutdown"));
			}
			return redisCluster.url();
		}
		if (redis == null) {
			redis = LocalRedisServer.start(0);
		}
		return redis.url();
	}

	/** Whether this test JVM runs against a Redis Cluster. */
	public static boolean redisCluster() {
		return CLUSTER.equals(System.getProperty(REDIS_MODE));
	}

	/**
	 * Spring properties pointing a ragline service at the shared servers, with topic
	 * names, consumer groups and Redis keys unique to {@code scope} so tests never see
	 * each other's records.
	 */
	public static Map<String, Object> isolatedProperties(String scope) {
		return new TestScope(scope).properties();
	}

	/** A fresh scope id for {@link #isolatedProperties(String)}. */
	public static String newScope() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
