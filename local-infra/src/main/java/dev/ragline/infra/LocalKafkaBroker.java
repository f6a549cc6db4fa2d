package dev.ragline.infra;

import java.io.IOException;
import java.io.InputStream;
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
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker in this JVM: Kafka's own {@link KafkaRaftServer} in
 * combined broker + controller (KRaft) mode, listening on loopback only. Used by the
 * standalone mode, {@code ./ragline infra} and integration tests; nothing in it is a
 * mock.
 *
 * <p>
 * It is ready only once the broker answering on its port reports the cluster id this
 * broker was formatted with; a port something else holds is refused with a
 * {@link PortInUseException}. A failed start shuts down whatever part of the broker had
 * started, so no broker thread outlives it.
 */
public final class LocalKafkaBroker implements AutoCloseable {

	/** The port {@code ./ragline standalone} uses unless told otherwise. */
	public static final int DEFAULT_PORT = 9092;

	/** The name ports in use are reported under. */
	public static final String SERVER = "Kafka";

	private static final Logger logger = LoggerFactory.getLogger(LocalKafkaBroker.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private static final int DEFAULT_PARTITIONS = 4;

	private static final String META_PROPERTIES = "meta.properties";

	private final KafkaRaftServer server;

	private final Path logDir;

	private final boolean temporary;

	private final int port;

	private LocalKafkaBroker(KafkaRaftServer server, Path logDir, boolean temporary, int port) {
		this.server = server;
		this.logDir = logDir;
		this.temporary = temporary;
		this.port = port;
	}

	/**
	 * Formats a fresh log directory and starts a broker on {@code port} ({@code 0} picks
	 * a free one), returning once it accepts clients.
	 * @throws PortInUseException when something else listens on {@code port}
	 */
	public static LocalKafkaBroker start(int port) {
		return start(port, null, Map.of());
	}

	/**
	 * As {@link #start(int)}, with extra broker settings (e.g. {@code num.partitions}).
	 */
	public static LocalKafkaBroker start(int port, Map<String, String> overrides) {
		return start(port, null, overrides);
	}

	/**
	 * Starts a broker whose log lives in {@code dataDir}: formatted on the first start,
	 * read again on later ones, so topics and offsets outlive the process. With a
	 * {@code null} directory the log is temporary and deleted on {@link #close()}.
	 */
	public static LocalKafkaBroker start(int port, Path dataDir, Map<String, String> overrides) {
		int brokerPort = (port > 0) ? port : LocalPorts.pick();
		LocalPorts.requireFree(brokerPort, SERVER);
		int controllerPort = LocalPorts.pickExcept(brokerPort);
		boolean temporary = dataDir == null;
		Path logDir = temporary ? createTempDir() : createDir(dataDir);
		KafkaRaftServer server = null;
		try {
			KafkaConfig config = KafkaConfig.fromProps(properties(brokerPort, controllerPort, logDir, overrides));
			String clusterId = formattedClusterId(logDir);
			if (clusterId == null) {
				clusterId = Uuid.randomUuid().toString();
				format(logDir, clusterId);
			}
			server = new KafkaRaftServer(config, Time.SYSTEM);
			startup(server);
			LocalKafkaBroker broker = new LocalKafkaBroker(server, logDir, temporary, brokerPort);
			broker.awaitOwnCluster(clusterId);
			logger.info("Kafka broker (KRaft, cluster {}) ready on {}{}", clusterId, broker.bootstrapServers(),
					temporary ? "" : ", log in " + logDir);
			return broker;
		}
		catch (Exception ex) {
			stopQuietly(server);
			if (temporary) {
				FileTrees.deleteQuietly(logDir);
			}
			if (ex instanceof PortInUseException inUse) {
				throw inUse;
			}
			if (!LocalPorts.isFree(brokerPort)) {
				// taken between the check and the bind
				throw new PortInUseException(SERVER, brokerPort, PortHolder.describe(brokerPort));
			}
			throw new IllegalStateException(
					"Could not start a Kafka broker on " + LocalPorts.HOST + ":" + brokerPort + ": " + ex.getMessage(),
					ex);
		}
	}

	public String bootstrapServers() {
		return LocalPorts.HOST + ":" + this.port;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
		if (this.temporary) {
			FileTrees.deleteQuietly(this.logDir);
		}
	}

	private static Properties properties(int brokerPort, int controllerPort, Path logDir,
			Map<String, String> overrides) {
		Properties props = new Properties();
		props.put("process.roles", "broker,controller");
		props.put("node.id", "1");
		props.put("controller.quorum.voters", "1@" + LocalPorts.HOST + ":" + controllerPort);
		props.put("listeners", "PLAINTEXT://" + LocalPorts.HOST + ":" + brokerPort + ",CONTROLLER://" + LocalPorts.HOST
				+ ":" + controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://" + LocalPorts.HOST + ":" + brokerPort);
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
		// after a crash the broker registers again under a new incarnation, which the
		// controller accepts only once the old one's session has expired (9 s by default)
		props.put("broker.session.timeout.ms", "3000");
		props.put("broker.heartbeat.interval.ms", "500");
		// consumer group protocol (KIP-848): a member killed without leaving is noticed
		// after 10 s rather than Kafka's 45 s, for a machine where processes come and go
		props.put("group.consumer.min.session.timeout.ms", "6000");
		props.put("group.consumer.session.timeout.ms", "10000");
		props.put("group.consumer.min.heartbeat.interval.ms", "1000");
		props.put("group.consumer.heartbeat.interval.ms", "2000");
		props.put("auto.create.topics.enable", "true");
		props.put("delete.topic.enable", "true");
		props.put("log.cleaner.dedupe.buffer.size", "2097152");
		props.putAll(overrides);
		return props;
	}

	/**
	 * The cluster id a log directory was formatted with, or {@code null} if it was not.
	 */
	private static String formattedClusterId(Path logDir) throws IOException {
		Path meta = logDir.resolve(META_PROPERTIES);
		if (!Files.exists(meta)) {
			return null;
		}
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(meta)) {
			properties.load(in);
		}
		return properties.getProperty("cluster.id");
	}

	private static void format(Path logDir, String clusterId) throws Exception {
		new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
			.setNodeId(1)
			.setClusterId(clusterId)
			.setControllerListenerName("CONTROLLER")
			.setMetadataLogDirectory(logDir.toString())
			.setDirectories(Set.of(logDir.toString()))
			.setReleaseVersion(MetadataVersion.latestProduction())
			.run();
	}

	/**
	 * Waits until the broker on the port answers with this broker's cluster id: another
	 * Kafka there would answer with its own.
	 */
	private void awaitOwnCluster(String clusterId) throws Exception {
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		try (Admin admin = Admin.create(props)) {
			DescribeClusterResult cluster = admin.describeCluster();
			String answering = cluster.clusterId().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (!clusterId.equals(answering)) {
				throw new PortInUseException(SERVER, this.port, "another Kafka, cluster " + answering);
			}
			cluster.nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Starts the server. Kafka ends the JVM on a fatal error during start-up (a port it
	 * cannot bind, say); here that error is thrown instead, so the caller can stop the
	 * half-started broker and report it.
	 */
	private static void startup(KafkaRaftServer server) {
		synchronized (LocalKafkaBroker.class) {
			Exit.Procedure fail = (status, message) -> {
				throw new IllegalStateException("Kafka gave up starting: " + message);
			};
			Exit.setExitProcedure(fail);
			Exit.setHaltProcedure(fail);
			try {
				server.startup();
			}
			finally {
				Exit.resetExitProcedure();
				Exit.resetHaltProcedure();
			}
		}
	}

	private static void stopQuietly(KafkaRaftServer server) {
		if (server == null) {
			return;
		}
		try {
			server.shutdown();
			server.awaitShutdown();
		}
		catch (RuntimeException ex) {
			logger.debug("Stopping the half-started broker failed", ex);
		}
	}

	private static Path createTempDir() {
		try {
			return Files.createTempDirectory("ragline-kafka-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a Kafka log directory", ex);
		}
	}

	private static Path createDir(Path dir) {
		try {
			return Files.createDirectories(dir).toAbsolutePath();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create the Kafka data directory " + dir, ex);
		}
	}

}
