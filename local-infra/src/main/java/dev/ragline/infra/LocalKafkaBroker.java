package dev.ragline.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker in this JVM: Kafka's own {@link KafkaRaftServer} in
 * combined broker + controller (KRaft) mode, listening on loopback only. Used by the
 * standalone mode and by integration tests; nothing in it is a mock.
 */
public final class LocalKafkaBroker implements AutoCloseable {

	/** The port {@code ./ragline standalone} uses unless told otherwise. */
	public static final int DEFAULT_PORT = 9092;

	private static final Logger logger = LoggerFactory.getLogger(LocalKafkaBroker.class);

	private static final String HOST = "127.0.0.1";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private static final int DEFAULT_PARTITIONS = 4;

	private final KafkaRaftServer server;

	private final Path logDir;

	private final int port;

	private LocalKafkaBroker(KafkaRaftServer server, Path logDir, int port) {
		this.server = server;
		this.logDir = logDir;
		this.port = port;
	}

	/**
	 * Formats a fresh log directory and starts a broker on {@code port} ({@code 0} picks
	 * a free one), returning once it accepts clients.
	 */
	public static LocalKafkaBroker start(int port) {
		return start(port, Map.of());
	}

	/**
	 * As {@link #start(int)}, with extra broker settings (e.g. {@code num.partitions}).
	 */
	public static LocalKafkaBroker start(int port, Map<String, String> overrides) {
		int brokerPort = (port > 0) ? port : FreePorts.pick();
		int controllerPort = FreePorts.pick();
		Path logDir = createLogDir();
		try {
			KafkaConfig config = KafkaConfig.fromProps(properties(brokerPort, controllerPort, logDir, overrides));
			format(logDir);
			KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
			server.startup();
			LocalKafkaBroker broker = new LocalKafkaBroker(server, logDir, brokerPort);
			broker.awaitReady();
			logger.info("Kafka broker (KRaft) ready on {}", broker.bootstrapServers());
			return broker;
		}
		catch (Exception ex) {
			FileTrees.deleteQuietly(logDir);
			throw new IllegalStateException("Could not start a Kafka broker on " + HOST + ":" + brokerPort, ex);
		}
	}

	public String bootstrapServers() {
		return HOST + ":" + this.port;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
		FileTrees.deleteQuietly(this.logDir);
	}

	private static Properties properties(int brokerPort, int controllerPort, Path logDir,
			Map<String, String> overrides) {
		Properties props = new Properties();
		props.put("process.roles", "broker,controller");
		props.put("node.id", "1");
		props.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
		props.put("listeners",
				"PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
		props.put("controller.listener.names", "CONTROLLER");
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		props.put("log.dirs", logDir.toString());
		props.put("num.partitions", Integer.toString(DEFAULT_PARTITIONS));
		props.put("offsets.topic.replication.factor", "1");
		props.put("offsets.topic.num.partitions", "4");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		props.put("group.initial.rebalance.delay.ms", "0");
		props.put("auto.create.topics.enable", "true");
		props.put("delete.topic.enable", "true");
		props.put("log.cleaner.dedupe.buffer.size", "2097152");
		props.putAll(overrides);
		return props;
	}

	private static void format(Path logDir) throws Exception {
		new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
			.setNodeId(1)
			.setClusterId(Uuid.randomUuid().toString())
			.setControllerListenerName("CONTROLLER")
			.setMetadataLogDirectory(logDir.toString())
			.setDirectories(Set.of(logDir.toString()))
			.setReleaseVersion(MetadataVersion.latestProduction())
			.run();
	}

	private void awaitReady() throws Exception {
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		try (Admin admin = Admin.create(props)) {
			admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static Path createLogDir() {
		try {
			return Files.createTempDirectory("ragline-kafka-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a Kafka log directory", ex);
		}
	}

}
