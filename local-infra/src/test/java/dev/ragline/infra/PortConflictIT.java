package dev.ragline.infra;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local servers on ports something else holds: refused with a message that names the
 * port and the holder, the foreign server untouched, and nothing left running.
 */
class PortConflictIT {

	@Test
	void refusesAPortHeldByAnotherRedisAndLeavesItsDataAlone(@TempDir Path dir) throws Exception {
		int port = LocalPorts.pick();
		Process foreign = new ProcessBuilder(RedisExecutable.locate().toString(), "--port", Integer.toString(port),
				"--bind", LocalPorts.HOST, "--save", "", "--appendonly", "no", "--dir", dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("foreign.log").toFile())
			.start();
		try {
			awaitAnswer(port);
			assertThat(Resp.call(port, "SET users:own-key precious")).isEqualTo("+OK");

			assertThatThrownBy(() -> LocalRedisServer.start(port)).isInstanceOfSatisfying(PortInUseException.class,
					(ex) -> {
						assertThat(ex.port()).isEqualTo(port);
						assertThat(ex.holder()).contains("pid " + foreign.pid()).contains("redis-server");
						assertThat(ex.getMessage()).startsWith("port " + port + " is in use");
					});

			assertThat(Resp.call(port, "DBSIZE")).isEqualTo(":1");
			assertThat(Resp.call(port, "GET users:own-key")).isEqualTo("precious");
		}
		finally {
			foreign.destroy();
			foreign.waitFor();
		}
	}

	@Test
	void refusesAPortAnyListenerHoldsWithoutStartingABroker() throws Exception {
		Set<String> threadsBefore = nonDaemonThreads();
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			long start = System.nanoTime();
			assertThatThrownBy(() -> LocalKafkaBroker.start(listener.getLocalPort()))
				.isInstanceOfSatisfying(PortInUseException.class, (ex) -> {
					assertThat(ex.port()).isEqualTo(listener.getLocalPort());
					assertThat(ex.holder()).contains("pid " + ProcessHandle.current().pid());
				});
			assertThatThrownBy(() -> LocalRedisServer.start(listener.getLocalPort()))
				.isInstanceOf(PortInUseException.class);
			assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(5.0);
		}
		assertThat(nonDaemonThreads()).isSubsetOf(threadsBefore);
	}

	@Test
	void aBrokerThatFailsHalfWayThroughItsStartLeavesNoThreadRunning() throws Exception {
		Set<String> threadsBefore = nonDaemonThreads();
		try (ServerSocket controller = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			// the broker's own port is free; its controller's is not, so its start fails
			// inside Kafka
			int brokerPort = LocalPorts.pick();
			int controllerPort = controller.getLocalPort();
			Map<String, String> overrides = Map.of("controller.quorum.voters", "1@127.0.0.1:" + controllerPort,
					"listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
			assertThatThrownBy(() -> LocalKafkaBroker.start(brokerPort, overrides))
				.isInstanceOf(IllegalStateException.class);
		}
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (!threadsBefore.containsAll(nonDaemonThreads()) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(nonDaemonThreads()).isSubsetOf(threadsBefore);
	}

	@Test
	void keepsTopicsAndDataInItsDataDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
		String clusterId;
		try (LocalKafkaBroker broker = LocalKafkaBroker.start(0, dir.resolve("kafka"), Map.of());
				LocalRedisServer redis = LocalRedisServer.start(0, dir.resolve("redis"))) {
			try (var admin = org.apache.kafka.clients.admin.Admin
				.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
				admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("kept", 2, (short) 1)))
					.all()
					.get();
				clusterId = admin.describeCluster().clusterId().get();
			}
			assertThat(Resp.call(redis.port(), "SET kept-key kept-value")).isEqualTo("+OK");
		}
		assertThat(Files.exists(dir.resolve("redis").resolve("appendonlydir"))).isTrue();
		try (LocalKafkaBroker broker = LocalKafkaBroker.start(0, dir.resolve("kafka"), Map.of());
				LocalRedisServer redis = LocalRedisServer.start(0, dir.resolve("redis"))) {
			try (var admin = org.apache.kafka.clients.admin.Admin
				.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
				assertThat(admin.listTopics().names().get()).contains("kept");
				assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
			}
			assertThat(Resp.call(redis.port(), "GET kept-key")).isEqualTo("kept-value");
		}
	}

	private static void awaitAnswer(int port) throws InterruptedException {
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (RedisProbe.processId(port).isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The foreign redis-server did not start");
			}
			Thread.sleep(50);
		}
	}

	private static Set<String> nonDaemonThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !thread.isDaemon())
			.map(Thread::getName)
			.collect(Collectors.toSet());
	}

}
