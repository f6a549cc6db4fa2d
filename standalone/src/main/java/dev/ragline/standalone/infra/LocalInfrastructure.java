package dev.ragline.standalone.infra;

import java.nio.file.Path;

import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalPorts;
import dev.ragline.infra.LocalRedisCluster;
import dev.ragline.infra.LocalRedisServer;

/**
 * Kafka and Redis for the pipeline: started here on loopback (checked to be the servers
 * this process started; Redis as one redis-server or, with {@code --redis-cluster}, a
 * Redis Cluster of three), or existing ones the user named. Either way the broker has the
 * pipeline's topics, and the sample corpus when it had no documents.
 */
public final class LocalInfrastructure implements AutoCloseable {

	/** The masters of the local Redis Cluster {@code --redis-cluster} starts. */
	static final int CLUSTER_MASTERS = 3;

	private final LocalKafkaBroker kafka;

	private final LocalRedisServer redis;

	private final LocalRedisCluster redisCluster;

	private final String bootstrapServers;

	private final String redisUrl;

	private final int samplesPublished;

	private LocalInfrastructure(LocalKafkaBroker kafka, LocalRedisServer redis, LocalRedisCluster redisCluster,
			String bootstrapServers, String redisUrl, int samplesPublished) {
		this.kafka = kafka;
		this.redis = redis;
		this.redisCluster = redisCluster;
		this.bootstrapServers = bootstrapServers;
		this.redisUrl = redisUrl;
		this.samplesPublished = samplesPublished;
	}

	/**
	 * Starts what {@code options} asks for; on any failure stops again what had started.
	 * @param springArgs the command's other arguments (topic names)
	 */
	public static LocalInfrastructure start(InfraOptions options, String... springArgs) {
		// every port checked before anything starts: a taken one fails the start at once
		if (options.redisUrl() == null && !options.redisCluster() && options.redisPort() > 0) {
			LocalPorts.requireFree(options.redisPort(), LocalRedisServer.SERVER);
		}
		if (options.kafkaBootstrap() == null && options.kafkaPort() > 0) {
			LocalPorts.requireFree(options.kafkaPort(), LocalKafkaBroker.SERVER);
		}
		LocalRedisServer redis = null;
		LocalRedisCluster cluster = null;
		LocalKafkaBroker kafka = null;
		try {
			if (options.redisCluster()) {
				cluster = LocalRedisCluster.start(CLUSTER_MASTERS, 0);
			}
			else if (options.redisUrl() == null) {
				redis = LocalRedisServer.start(options.redisPort(), subdirectory(options.dataDir(), "redis"));
			}
			if (options.kafkaBootstrap() == null) {
				kafka = LocalKafkaBroker.start(options.kafkaPort(), subdirectory(options.dataDir(), "kafka"),
						java.util.Map.of());
			}
			String bootstrap = (kafka != null) ? kafka.bootstrapServers() : options.kafkaBootstrap();
			int published = PipelineSetup.prepare(bootstrap, options.sampleCorpus(), springArgs);
			String redisUrl = (cluster != null) ? cluster.url() : (redis != null) ? redis.url() : options.redisUrl();
			return new LocalInfrastructure(kafka, redis, cluster, bootstrap, redisUrl, published);
		}
		catch (RuntimeException ex) {
			closeQuietly(kafka);
			closeQuietly(redis);
			closeQuietly(cluster);
			throw ex;
		}
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	public String redisUrl() {
		return this.redisUrl;
	}

	/** Whether the broker was started here (rather than an existing one used). */
	public boolean ownsKafka() {
		return this.kafka != null;
	}

	public boolean ownsRedis() {
		return this.redis != null || this.redisCluster != null;
	}

	/** Whether Redis is a local cluster started here (which keeps no data). */
	public boolean ownsRedisCluster() {
		return this.redisCluster != null;
	}

	/** The redis-server started here, or {@code null}. */
	public LocalRedisServer redis() {
		return this.redis;
	}

	/** The broker started here, or {@code null}. */
	public LocalKafkaBroker kafka() {
		return this.kafka;
	}

	/** Sample documents published at start (0 when the topic already had documents). */
	public int samplesPublished() {
		return this.samplesPublished;
	}

	/**
	 * Leaves stopping the Redis started here at JVM exit to the caller's shutdown hook,
	 * which closes this after the services
	 * ({@link LocalRedisServer#closedByCallerAtExit()}).
	 */
	public void closedByCallerAtExit() {
		if (this.redis != null) {
			this.redis.closedByCallerAtExit();
		}
		if (this.redisCluster != null) {
			this.redisCluster.closedByCallerAtExit();
		}
	}

	@Override
	public void close() {
		closeQuietly(this.kafka);
		closeQuietly(this.redis);
		closeQuietly(this.redisCluster);
	}

	private static Path subdirectory(Path dataDir, String name) {
		return (dataDir != null) ? dataDir.resolve(name) : null;
	}

	private static void closeQuietly(AutoCloseable server) {
		if (server == null) {
			return;
		}
		try {
			server.close();
		}
		catch (Exception ex) {
			// stopping after a failure: the first error is the one to report
		}
	}

}
