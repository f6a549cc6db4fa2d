package dev.ragline.standalone.infra;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.ragline.kafka.TopicsProperties;
import dev.ragline.standalone.cli.Arguments;
import dev.ragline.standalone.cli.InstanceLock;
import dev.ragline.standalone.cli.RaglineHome;

/**
 * {@code ./ragline infra}: starts only the infrastructure, a Kafka broker (KRaft, in this
 * JVM) and a redis-server, both on loopback and both keeping their data in a directory
 * ({@code --data-dir}, default {@code ~/.ragline/data}), so services started with
 * {@code ./ragline run} come and go while topics, offsets and results stay. Runs until
 * Ctrl-C.
 */
public final class InfraCommand implements AutoCloseable {

	/** Options this command knows. */
	public static final Set<String> VALUED = InfraOptions.VALUED;

	public static final Set<String> FLAGS = flags();

	private final LocalInfrastructure infrastructure;

	private final InstanceLock lock;

	private InfraCommand(LocalInfrastructure infrastructure, InstanceLock lock) {
		this.infrastructure = infrastructure;
		this.lock = lock;
	}

	/**
	 * Starts Kafka and Redis and prints where they are; they keep running after this
	 * returns, until the JVM ends.
	 */
	public static InfraCommand start(Arguments args, Map<String, String> env, PrintStream out) {
		long start = System.nanoTime();
		InfraOptions options = InfraOptions.from(args, env, RaglineHome.data(env));
		if (options.kafkaBootstrap() != null && options.redisUrl() != null) {
			throw new IllegalArgumentException(
					"--kafka-bootstrap and --redis-url both name existing servers: there is nothing for infra to start");
		}
		Path dataDir = options.dataDir().toAbsolutePath();
		InstanceLock lock = InstanceLock.acquire(dataDir.resolve("infra.lock"), "ragline infra on " + dataDir);
		try {
			InfraCommand infra = new InfraCommand(LocalInfrastructure.start(options, args.passedOn()), lock);
			lock.describe("pid " + ProcessHandle.current().pid() + ", Kafka " + infra.infrastructure.bootstrapServers()
					+ ", Redis " + infra.infrastructure.redisUrl());
			Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "ragline-infra-shutdown"));
			infra.printReady(out, dataDir, PipelineSetup.topics(args.passedOn()),
					Duration.ofNanos(System.nanoTime() - start));
			return infra;
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
	}

	public LocalInfrastructure infrastructure() {
		return this.infrastructure;
	}

	@Override
	public void close() {
		this.infrastructure.close();
		this.lock.close();
	}

	private void printReady(PrintStream out, Path dataDir, TopicsProperties topics, Duration startup) {
		out.printf("%nragline infra is ready (%.1f s)%n", startup.toMillis() / 1000.0);
		out.printf("  Kafka   %-28s %s%n", this.infrastructure.bootstrapServers(),
				this.infrastructure.ownsKafka() ? "log in " + dataDir.resolve("kafka") : "existing, not started here");
		out.printf("  Redis   %-28s %s%n", this.infrastructure.redisUrl(), redisData(dataDir));
		out.printf("  Topics  %s, %s, %s, %s, %s (%d partitions each when created here)%n", topics.queries(),
				topics.retrieved(), topics.fallback(), topics.dead(), topics.documents(), topics.partitions());
		if (this.infrastructure.samplesPublished() > 0) {
			out.printf("  Corpus  the documents topic was empty: published %d sample documents%n",
					this.infrastructure.samplesPublished());
		}
		String settings = connectionArguments();
		out.printf("%nStart services against it, each in its own terminal:%n");
		out.printf("  ./ragline run query-ingest%s%n", settings);
		out.printf("  ./ragline run retriever-worker%s%n", settings);
		out.printf("  ./ragline run llm-worker%s          # as often as you like: one consumer group%n", settings);
		out.printf("  ./ragline run llm-worker --role=fallback%s%n", settings);
		out.printf("%nCtrl-C stops Kafka and Redis; their data stays in %s.%n", dataDir);
		out.flush();
	}

	private String redisData(Path dataDir) {
		if (this.infrastructure.ownsRedisCluster()) {
			return "a local Redis Cluster of three masters, no data kept";
		}
		return this.infrastructure.ownsRedis() ? "append-only file in " + dataDir.resolve("redis")
				: "existing, not started here";
	}

	/**
	 * What {@code ./ragline run} needs to find these servers when not on the defaults.
	 */
	private String connectionArguments() {
		StringBuilder arguments = new StringBuilder();
		if (!"127.0.0.1:9092".equals(this.infrastructure.bootstrapServers())) {
			arguments.append(" --kafka-bootstrap=").append(this.infrastructure.bootstrapServers());
		}
		if (!"redis://127.0.0.1:6379".equals(this.infrastructure.redisUrl())) {
			arguments.append(" --redis-url=").append(this.infrastructure.redisUrl());
		}
		return arguments.toString();
	}

	private static Set<String> flags() {
		Set<String> flags = new HashSet<>(InfraOptions.FLAGS);
		flags.add("debug");
		return Set.copyOf(flags);
	}

}
