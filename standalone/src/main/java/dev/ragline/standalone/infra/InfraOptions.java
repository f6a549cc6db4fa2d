package dev.ragline.standalone.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalRedisServer;
import dev.ragline.standalone.cli.Arguments;

/**
 * Which Kafka and Redis the pipeline uses: ones ragline starts on loopback (on these
 * ports, {@code 0} for any free one), or existing ones the user names on purpose with
 * {@code --kafka-bootstrap=} / {@code --redis-url=} (or the Spring properties
 * {@code spring.kafka.bootstrap-servers} / {@code ragline.redis.url}, as arguments or
 * environment variables). ragline never falls back to an existing server by itself.
 *
 * @param kafkaPort the port of the broker ragline starts
 * @param redisPort the port of the redis-server ragline starts
 * @param kafkaBootstrap an existing Kafka to use instead, or {@code null}
 * @param redisUrl an existing Redis to use instead, or {@code null}
 * @param dataDir where the servers keep their data across restarts, or {@code null} for
 * temporary directories
 * @param sampleCorpus whether to publish the sample corpus when the documents topic is
 * empty
 * @param redisCluster whether ragline starts a local Redis Cluster (three masters on free
 * ports, no data kept) instead of one redis-server
 */
public record InfraOptions(int kafkaPort, int redisPort, String kafkaBootstrap, String redisUrl, Path dataDir,
		boolean sampleCorpus, boolean redisCluster) {

	/** Options that take a value. */
	public static final Set<String> VALUED = Set.of("kafka-port", "redis-port", "ports", "kafka-bootstrap", "redis-url",
			"spring.kafka.bootstrap-servers", "ragline.redis.url", "data-dir");

	/** Options without a value. */
	public static final Set<String> FLAGS = Set.of("no-sample-corpus", "redis-cluster");

	/** The option naming each server's port, for messages about a port in use. */
	public static final Map<String, String> PORT_OPTIONS = Map.of("Kafka", "--kafka-port", "Redis", "--redis-port");

	/**
	 * @param defaultDataDir where data lives without {@code --data-dir}, or {@code null}
	 * for temporary directories
	 */
	public static InfraOptions from(Arguments args, Map<String, String> env, Path defaultDataDir) {
		boolean auto = autoPorts(args);
		String kafka = args.value("kafka-bootstrap")
			.or(() -> args.value("spring.kafka.bootstrap-servers"))
			.orElse(blankToNull(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")));
		String redis = args.value("redis-url")
			.or(() -> args.value("ragline.redis.url"))
			.orElse(blankToNull(env.get("RAGLINE_REDIS_URL")));
		Path dataDir = args.value("data-dir").map(Path::of).orElse(defaultDataDir);
		boolean cluster = args.flag("redis-cluster");
		if (cluster && redis != null) {
			throw new IllegalArgumentException("--redis-cluster starts a local Redis Cluster, and a Redis URL names an "
					+ "existing Redis: give one of them (an existing cluster is --redis-url=redis-cluster://HOST:PORT,...)");
		}
		return new InfraOptions(
				auto ? 0 : args.port("kafka-port", env, "RAGLINE_KAFKA_PORT", LocalKafkaBroker.DEFAULT_PORT),
				auto ? 0 : args.port("redis-port", env, "RAGLINE_REDIS_PORT", LocalRedisServer.DEFAULT_PORT), kafka,
				redis, dataDir, !args.flag("no-sample-corpus"), cluster);
	}

	/** {@code --ports=auto}: every server on a free port. */
	public static boolean autoPorts(Arguments args) {
		String ports = args.value("ports").orElse(null);
		if (ports == null) {
			return false;
		}
		if (!"auto".equals(ports)) {
			throw new IllegalArgumentException("--ports takes only 'auto' (free ports, printed when ready), not '"
					+ ports + "'; set single ports with --kafka-port=, --redis-port=, --http-port=");
		}
		return true;
	}

	/** Free ports, temporary data, the sample corpus: as the tests want it. */
	public static InfraOptions temporary() {
		return new InfraOptions(0, 0, null, null, null, true, false);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
