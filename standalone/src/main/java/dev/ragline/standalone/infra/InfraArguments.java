package dev.ragline.standalone.infra;

import java.nio.file.Path;
import java.util.Map;

import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalRedisServer;

import picocli.CommandLine.Option;

/**
 * The command-line options that choose Kafka and Redis ({@link InfraOptions}), shared by
 * {@code ./ragline standalone} and {@code ./ragline infra}: the ports of the servers
 * ragline starts, or existing servers named on purpose. The Spring properties
 * {@code --spring.kafka.bootstrap-servers=} and {@code --ragline.redis.url=} name them
 * too.
 */
public final class InfraArguments {

	@Option(names = "--kafka-port", paramLabel = "PORT", description = "the broker ragline starts (default "
			+ LocalKafkaBroker.DEFAULT_PORT + ", or RAGLINE_KAFKA_PORT)")
	private Integer kafkaPort;

	@Option(names = "--redis-port", paramLabel = "PORT", description = "the redis-server ragline starts (default "
			+ LocalRedisServer.DEFAULT_PORT + ", or RAGLINE_REDIS_PORT)")
	private Integer redisPort;

	@Option(names = "--ports", paramLabel = "auto", description = "every server on a free port (printed when ready)")
	private String ports;

	@Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
			description = "use this Kafka instead of starting one (or SPRING_KAFKA_BOOTSTRAP_SERVERS)")
	private String kafkaBootstrap;

	@Option(names = "--spring.kafka.bootstrap-servers", hidden = true)
	private String kafkaBootstrapSetting;

	@Option(names = "--redis-url", paramLabel = "URL",
			description = "use this Redis instead of starting one (or RAGLINE_REDIS_URL): redis://HOST:PORT, or a "
					+ "Redis Cluster as redis-cluster://HOST:PORT,HOST:PORT,...")
	private String redisUrl;

	@Option(names = "--ragline.redis.url", hidden = true)
	private String redisUrlSetting;

	@Option(names = "--redis-cluster",
			description = "start a local Redis Cluster (three masters on free ports, no data kept) instead of one "
					+ "redis-server")
	private boolean redisCluster;

	@Option(names = "--no-sample-corpus",
			description = "do not publish the sample corpus when the documents topic " + "is empty")
	private boolean noSampleCorpus;

	/**
	 * The servers these options choose.
	 * @param dataDir where data lives, or {@code null} for temporary directories
	 * @throws IllegalArgumentException for options that contradict each other, or a port
	 * out of range
	 */
	public InfraOptions options(Map<String, String> env, Path dataDir) {
		boolean auto = autoPorts();
		String kafka = firstOf(this.kafkaBootstrap, this.kafkaBootstrapSetting,
				env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
		String redis = firstOf(this.redisUrl, this.redisUrlSetting, env.get("RAGLINE_REDIS_URL"));
		if (this.redisCluster && redis != null) {
			throw new IllegalArgumentException("--redis-cluster starts a local Redis Cluster, and a Redis URL names an "
					+ "existing Redis: give one of them (an existing cluster is --redis-url=redis-cluster://HOST:PORT,...)");
		}
		return new InfraOptions(
				auto ? 0 : port("kafka-port", this.kafkaPort, env, "RAGLINE_KAFKA_PORT", LocalKafkaBroker.DEFAULT_PORT),
				auto ? 0 : port("redis-port", this.redisPort, env, "RAGLINE_REDIS_PORT", LocalRedisServer.DEFAULT_PORT),
				kafka, redis, dataDir, !this.noSampleCorpus, this.redisCluster);
	}

	/**
	 * {@code --ports=auto}: every server on a free port.
	 * @throws IllegalArgumentException for another value
	 */
	public boolean autoPorts() {
		if (this.ports == null) {
			return false;
		}
		if (!"auto".equals(this.ports)) {
			throw new IllegalArgumentException("--ports takes only 'auto' (free ports, printed when ready), not '"
					+ this.ports + "'; set single ports with --kafka-port=, --redis-port=, --http-port=");
		}
		return true;
	}

	/**
	 * A port from its option, else the environment variable {@code env}, else
	 * {@code defaultPort}.
	 * @throws IllegalArgumentException when it is not a port number
	 */
	public static int port(String option, Integer given, Map<String, String> environment, String env, int defaultPort) {
		if (given != null) {
			return checkedPort("--" + option, given);
		}
		String value = environment.get(env);
		if (value == null || value.isBlank()) {
			return defaultPort;
		}
		try {
			return checkedPort(env, Integer.parseInt(value.trim()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(env + " must be a port number (0-65535), not '" + value + "'");
		}
	}

	/**
	 * {@code port}, when it is one.
	 * @param source the option or environment variable that gave it
	 */
	private static int checkedPort(String source, int port) {
		if (port < 0 || port > 65_535) {
			throw new IllegalArgumentException(source + " must be a port number (0-65535), not " + port);
		}
		return port;
	}

	private static String firstOf(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

}
