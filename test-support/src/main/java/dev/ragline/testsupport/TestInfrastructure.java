package dev.ragline.testsupport;

import java.util.Map;
import java.util.UUID;

import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalRedisServer;

/**
 * One real Kafka broker and one real redis-server for the whole test JVM, started on
 * first use on free loopback ports and stopped when the JVM exits. Tests isolate
 * themselves with {@link #isolatedProperties(String)} rather than by restarting servers.
 */
public final class TestInfrastructure {

	private static LocalKafkaBroker kafka;

	private static LocalRedisServer redis;

	private TestInfrastructure() {
	}

	public static synchronized String kafkaBootstrapServers() {
		if (kafka == null) {
			kafka = LocalKafkaBroker.start(0);
			Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-shutdown"));
		}
		return kafka.bootstrapServers();
	}

	public static synchronized String redisUrl() {
		if (redis == null) {
			redis = LocalRedisServer.start(0);
		}
		return redis.url();
	}

	public static synchronized int redisPort() {
		redisUrl();
		return redis.port();
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
