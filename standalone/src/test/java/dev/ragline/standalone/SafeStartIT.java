package dev.ragline.standalone;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import dev.ragline.infra.LocalPorts;
import dev.ragline.infra.LocalRedisServer;
import dev.ragline.standalone.cli.InstanceLock;
import dev.ragline.standalone.cli.RaglineHome;
import dev.ragline.testsupport.ChildJvm;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./ragline standalone} (the launcher's main, in a JVM of its own) on a machine
 * where something already holds what it needs: it refuses at once, in one line, exits
 * non-zero, leaves nothing running and touches nothing that is not its own.
 */
class SafeStartIT {

	private static final Duration EXIT_WITHIN = Duration.ofSeconds(15);

	/** Log as the launcher's jar does, not as tests do. */
	static final List<String> AS_SHIPPED = List.of("-Dlogback.configurationFile=logback.xml",
			"-Dlogging.config=classpath:logback.xml");

	@TempDir
	Path home;

	@Test
	void refusesAKafkaPortAnyListenerHoldsAndExitsWithinSeconds() throws Exception {
		int redisPort = LocalPorts.pick();
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int kafkaPort = listener.getLocalPort();
			String output = runAndExpectRefusal("--kafka-port=" + kafkaPort, "--redis-port=" + redisPort);
			assertThat(output).contains("ragline: port " + kafkaPort + " is in use (pid "
					+ ProcessHandle.current().pid() + " (java)); stop it or start with --kafka-port=");
		}
		assertThat(LocalPorts.isFree(redisPort)).as("nothing left on the Redis port").isTrue();
	}

	@Test
	void refusesARedisPortAnotherRedisHoldsAndLeavesItsDataAlone() {
		int kafkaPort = LocalPorts.pick();
		try (LocalRedisServer foreign = LocalRedisServer.start(0)) {
			RedisClient client = RedisClient.create(foreign.url());
			try (StatefulRedisConnection<String, String> redis = client.connect()) {
				redis.sync().set("someone-else:key", "their value");

				String output = runAndExpectRefusal("--redis-port=" + foreign.port(), "--kafka-port=" + kafkaPort);

				assertThat(output).contains("ragline: port " + foreign.port() + " is in use (pid " + foreign.pid());
				assertThat(output).contains("stop it or start with --redis-port=");
				assertThat(redis.sync().dbsize()).isEqualTo(1);
				assertThat(redis.sync().get("someone-else:key")).isEqualTo("their value");
			}
			finally {
				client.shutdown();
			}
		}
		assertThat(LocalPorts.isFree(kafkaPort)).as("nothing left on the Kafka port").isTrue();
	}

	@Test
	void aSecondStandaloneSaysWhereTheFirstRunsAndExits() {
		try (InstanceLock first = InstanceLock.acquire(RaglineHome.dir(env()).resolve("standalone.lock"),
				"a ragline standalone")) {
			first.describe("pid 4242, HTTP API http://127.0.0.1:8080");

			String output = runAndExpectRefusal("--ports=auto");

			assertThat(output).contains(
					"ragline: a ragline standalone is already running: pid 4242, HTTP API http://127.0.0.1:8080; stop it first");
		}
	}

	@Test
	void refusesAnHttpPortInUseBeforeStartingAnything() throws Exception {
		int kafkaPort = LocalPorts.pick();
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String output = runAndExpectRefusal("--http-port=" + listener.getLocalPort(), "--kafka-port=" + kafkaPort);
			assertThat(output).contains("ragline: port " + listener.getLocalPort() + " is in use")
				.contains("--http-port=");
		}
		assertThat(LocalPorts.isFree(kafkaPort)).isTrue();
	}

	@Test
	void aRetrieverThatCannotReachRedisSaysSoInOneLine() {
		// the context fails while the embedding model may still load on its own thread:
		// the exit waits for that load (else ONNX Runtime can crash the JVM in native
		// code,
		// which BackgroundLoadedEmbedderTest pins down without depending on timing)
		int redisPort = LocalPorts.pick();
		String output = runExpectingRefusal("retriever-worker-",
				List.of("run", "retriever-worker", "--redis-url=redis://127.0.0.1:" + redisPort,
						"--kafka-bootstrap=127.0.0.1:" + LocalPorts.pick(), "--server.port=0"));

		assertThat(output).doesNotContain("A fatal error has been detected")
			.contains("ragline: cannot reach Redis (")
			.contains(":" + redisPort + ")")
			.contains("--redis-url=");
	}

	@Test
	void refusesAnOptionItDoesNotKnowBeforeStartingAnything() {
		try (ChildJvm run = ChildJvm.start(AS_SHIPPED, RaglineCommand.class,
				List.of("run", "retriever-worker", "--htp-port=8181"), env(), this.home.resolve("console.log"))) {
			OptionalInt status = run.awaitExit(EXIT_WITHIN);

			assertThat(status).as(run.output()).hasValue(2);
			assertThat(run.output()).contains("ragline run: unknown option --htp-port (")
				.contains("see ./ragline run --help")
				.doesNotContain("Starting");
		}
	}

	@Test
	void showsACommandsHelp() {
		try (ChildJvm help = ChildJvm.start(AS_SHIPPED, RaglineCommand.class, List.of("standalone", "--help"), env(),
				this.home.resolve("console.log"))) {
			OptionalInt status = help.awaitExit(EXIT_WITHIN);

			assertThat(status).as(help.output()).hasValue(0);
			assertThat(help.output()).contains("Usage: ./ragline standalone").contains("--ports=auto");
		}
	}

	/**
	 * Runs the standalone command, expects it to exit non-zero within seconds with one
	 * line and no stack trace on the console, and returns what it printed.
	 */
	private String runAndExpectRefusal(String... args) {
		List<String> arguments = new java.util.ArrayList<>(List.of("standalone"));
		arguments.addAll(List.of(args));
		return runExpectingRefusal("standalone.log", arguments);
	}

	/**
	 * Runs a launcher command, expects it to exit non-zero within seconds with one line
	 * and no stack trace on the console (pointing to the log whose name starts with
	 * {@code logFile}), and returns what it printed.
	 * @param logFile the log's name, or its start when it carries the process id
	 */
	private String runExpectingRefusal(String logFile, List<String> arguments) {
		try (ChildJvm standalone = ChildJvm.start(AS_SHIPPED, RaglineCommand.class, arguments, env(),
				this.home.resolve("console.log"))) {
			OptionalInt status = standalone.awaitExit(EXIT_WITHIN);
			String output = standalone.output();
			assertThat(status).as("exit status within %s; printed:%n%s", EXIT_WITHIN, output).isPresent();
			assertThat(status.getAsInt()).as(output).isNotZero();
			assertThat(output.lines().filter((line) -> line.startsWith("ragline: "))).hasSize(1);
			assertThat(output).as("no stack trace on the console").doesNotContain("\tat ");
			assertThat(output).contains("details in " + RaglineHome.logs(env()).resolve(logFile));
			return output;
		}
	}

	private Map<String, String> env() {
		return Map.of(RaglineHome.ENV, this.home.toString());
	}

}
