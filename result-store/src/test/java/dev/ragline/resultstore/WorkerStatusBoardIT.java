package dev.ragline.resultstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.contracts.WorkerStatus;
import dev.ragline.infra.LocalRedisServer;
import dev.ragline.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * Workers' statuses on a real redis-server: a status written is read back whole, a worker
 * that stops takes its status away, and one that dies drops out when its status expires.
 */
class WorkerStatusBoardIT {

	private RedisConnections redis;

	private WorkerStatusBoard board;

	private String prefix;

	@BeforeEach
	void connect() {
		this.redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5));
		this.prefix = "ragline:test-" + UUID.randomUUID() + ":worker:";
		this.board = new WorkerStatusBoard(this.redis.commands(), this.prefix);
	}

	@AfterEach
	void disconnect() {
		this.redis.close();
	}

	@Test
	void readsBackWhatEachWorkerWroteSortedByServiceAndInstance() {
		WorkerStatus llm = llmWorker("host:2");
		WorkerStatus retriever = new WorkerStatus(WorkerStatus.RETRIEVER_WORKER, "retriever", "host:1",
				Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:05:00Z"), null, null, null, null,
				null, 500, 7L, null, null);

		this.board.write(llm, Duration.ofMinutes(1));
		this.board.write(retriever, Duration.ofMinutes(1));

		assertThat(this.board.all()).containsExactly(llm, retriever);
	}

	@Test
	void aWorkerThatStopsTakesItsStatusAway() {
		this.board.write(llmWorker("host:3"), Duration.ofMinutes(1));

		this.board.remove(WorkerStatus.LLM_WORKER, "host:3");

		assertThat(this.board.all()).isEmpty();
	}

	@Test
	void aWorkerThatDiedDropsOutWhenItsStatusExpiresAndItsNameLeavesTheIndex() {
		this.board.write(llmWorker("host:4"), Duration.ofMillis(300));
		this.board.write(llmWorker("host:5"), Duration.ofMinutes(1));
		assertThat(this.board.all()).hasSize(2);

		await().atMost(Duration.ofSeconds(5)).until(() -> this.board.all().size() == 1);
		assertThat(this.redis.commands().smembers(this.prefix + "all"))
			.containsExactly(this.prefix + "llm-worker:host:5");
	}

	@Test
	void readsOnlyTheWorkersItKnowsNotTheKeysAroundThem() {
		this.redis.commands().set(this.prefix + "stray", "not a status");
		this.board.write(llmWorker("host:6"), Duration.ofMinutes(1));

		assertThat(this.board.all()).extracting(WorkerStatus::instance).containsExactly("host:6");
	}

	@Test
	void aReporterWritesAtItsIntervalAndRemovesItsStatusWhenStopped() {
		WorkerStatusReporter reporter = new WorkerStatusReporter(this.board, Duration.ofMillis(100),
				(identity) -> new WorkerStatus(WorkerStatus.LLM_WORKER, "primary", identity.instance(),
						identity.startedAt(), Instant.now(), 0, 64, null, null, null, null, null, null, null));
		reporter.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.board.all().size() == 1);
			assertThat(this.board.all().get(0).instance()).endsWith(":" + ProcessHandle.current().pid());
		}
		finally {
			reporter.stop();
		}

		assertThat(this.board.all()).isEmpty();
	}

	@Test
	void aReporterStoppingWhileRedisIsAwayDoesNotWaitForTheCommandTimeout() {
		try (LocalRedisServer server = LocalRedisServer.start(0);
				RedisConnections connections = RedisConnections.open(server.url(), Duration.ofSeconds(10))) {
			WorkerStatusBoard board = new WorkerStatusBoard(connections.commands(), this.prefix);
			WorkerStatusReporter reporter = new WorkerStatusReporter(board, Duration.ofMillis(100),
					(identity) -> llmWorker(identity.instance()));
			reporter.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> board.all().size() == 1);

			server.kill();
			await().atMost(Duration.ofSeconds(5)).until(() -> !board.reachable());

			// each command would wait 10 s for a Redis that is gone
			assertTimeoutPreemptively(Duration.ofSeconds(3), () -> reporter.stop());
			assertThat(reporter.isRunning()).isFalse();
		}
	}

	private static WorkerStatus llmWorker(String instance) {
		return new WorkerStatus(WorkerStatus.LLM_WORKER, "primary", instance, Instant.parse("2026-12-02T10:00:00Z"),
				Instant.parse("2026-12-02T10:05:00Z"), 3, 64, Map.of("vllm", "CLOSED"),
				Map.of("vllm", new WorkerStatus.Calls(12, 201.0, 230.0)), Map.of("VLLM_MODEL_NOT_FOUND", 2), null, null,
				null, ExperimentSetting.off());
	}

}
