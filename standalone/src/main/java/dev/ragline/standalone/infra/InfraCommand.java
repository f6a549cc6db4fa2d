package dev.ragline.standalone.infra;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.ragline.kafka.TopicsProperties;
import dev.ragline.standalone.cli.InstanceLock;
import dev.ragline.standalone.cli.RaglineHome;
import dev.ragline.standalone.cli.ServerArguments;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ragline infra}: starts only the infrastructure, a Kafka broker (KRaft, in this
 * JVM) and a redis-server, both on loopback and both keeping their data in a directory
 * ({@code --data-dir}, default {@code ~/.ragline/data}), so services started with
 * {@code ./ragline run} come and go while topics, offsets and results stay. Runs until
 * Ctrl-C.
 */
public final class InfraCommand implements AutoCloseable {

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
	public static InfraCommand start(Arguments args, PrintStream out) {
		long start = System.nanoTime();
		InfraOptions options = args.options();
		Path dataDir = options.dataDir().toAbsolutePath();
		InstanceLock lock = InstanceLock.acquire(dataDir.resolve("infra.lock"), "ragline infra on " + dataDir);
		try {
			InfraCommand infra = new InfraCommand(LocalInfrastructure.start(options, args.settings()), lock);
			lock.describe("pid " + ProcessHandle.current().pid() + ", Kafka " + infra.infrastructure.bootstrapServers()
					+ ", Redis " + infra.infrastructure.redisUrl());
			Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "ragline-infra-shutdown"));
			infra.infrastructure.closedByCallerAtExit();
			infra.printReady(out, dataDir, PipelineSetup.topics(args.settings()),
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

	/** The command line of {@code ./ragline infra}. */
	@Command(name = "ragline infra", sortOptions = false, customSynopsis = "./ragline infra [options]",
			description = "Runs only Kafka (KRaft, in-process) and a redis-server on 127.0.0.1, for services started "
					+ "one by one with './ragline run SERVICE'. Their data is kept in the data directory across "
					+ "restarts; Ctrl-C stops both.",
			optionListHeading = "%nOptions:%n",
			footer = { "", "Topic settings go as --ragline.topics.NAME=... (see README, Configuration).",
					"Options take --name=value or --name value." })
	public static final class Arguments extends ServerArguments {

		@Mixin
		private InfraArguments infra;

		@Option(names = "--data-dir", paramLabel = "DIR",
				description = "where they keep their data (default ~/.ragline/data)")
		private Path dataDir;

		private final Map<String, String> env;

		private InfraOptions options;

		public Arguments(Map<String, String> env) {
			this.env = env;
		}

		@Override
		protected void check() {
			InfraOptions chosen = this.infra.options(this.env,
					(this.dataDir != null) ? this.dataDir : RaglineHome.data(this.env));
			if (chosen.kafkaBootstrap() != null && chosen.redisUrl() != null) {
				throw new IllegalArgumentException("--kafka-bootstrap and --redis-url both name existing servers: "
						+ "there is nothing for infra to start");
			}
			this.options = chosen;
		}

		/** The servers to start, once {@link #validate} has run. */
		InfraOptions options() {
			return this.options;
		}

	}

}
