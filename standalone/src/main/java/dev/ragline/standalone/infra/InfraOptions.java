package dev.ragline.standalone.infra;

import java.nio.file.Path;
import java.util.Map;

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

	/** The option naming each server's port, for messages about a port in use. */
	public static final Map<String, String> PORT_OPTIONS = Map.of("Kafka", "--kafka-port", "Redis", "--redis-port");

	/** Free ports, temporary data, the sample corpus: as the tests want it. */
	public static InfraOptions temporary() {
		return new InfraOptions(0, 0, null, null, null, true, false);
	}

}
