package dev.ragline.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.WorkerStatus;
import dev.ragline.kafka.concurrent.ConcurrentRecordDispatcher;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.WorkerStatusBoard;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.TestScope;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An llm-worker reading a vLLM whose {@code /metrics} reports a growing waiting queue
 * holds back: its in-flight limit falls to the floor, and while it is there no more calls
 * than that reach vLLM at once; when the queue is gone the limit grows back and calls run
 * side by side again. vLLM's queue and KV cache are in the worker's status (so in
 * {@code /api/pipeline}) and its Prometheus gauges.
 */
class HoldBackIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_IN_FLIGHT = 16;

	private static final int FLOOR = 2;

	private static final TestScope scope = TestScope.create();

	/**
	 * vLLM's queue as its /metrics reports it: grows by 5 at every scrape until reset.
	 */
	private static final AtomicInteger queue = new AtomicInteger();

	private static final FakeVllm vllm = FakeVllm.start("served-model")
		.latency(Duration.ofMillis(300))
		.kvCacheUsage(0.93)
		.requestsWaiting(() -> (queue.get() < 0) ? 0 : queue.addAndGet(5));

	private static ConfigurableApplicationContext worker;

	@BeforeAll
	static void start() {
		worker = LlmWorkerApplication.builder()
			.properties(scope.properties())
			.properties(Map.of("spring.main.web-application-type", "none", "ragline.llm.roles", "primary",
					"ragline.llm.max-in-flight", MAX_IN_FLIGHT, "ragline.vllm.base-url", vllm.baseUrl(),
					"ragline.vllm.model", "served-model", "ragline.vllm.stream", false,
					"ragline.backends.telemetry-interval", "200ms", "ragline.backends.hold-back-above", 8,
					"ragline.backends.hold-back-floor", FLOOR))
			.run();
	}

	@AfterAll
	static void stop() {
		worker.close();
		vllm.close();
	}

	@Test
	void holdsBackWhileVllmsQueueGrowsAndRunsCallsSideBySideAgainWhenItIsGone() throws Exception {
		ConcurrentRecordDispatcher primary = worker.getBean("primaryDispatcher", ConcurrentRecordDispatcher.class);
		await().atMost(TIMEOUT).until(() -> primary.limit() == FLOOR);
		BackendTelemetry seen = await().atMost(TIMEOUT)
			.until(() -> worker.getBean(WorkerStatusBoard.class)
				.all()
				.stream()
				.filter((status) -> status.service().equals(WorkerStatus.LLM_WORKER))
				.map((status) -> status.backends().get("vllm"))
				.filter((telemetry) -> telemetry != null && telemetry.requestsWaiting() > 8)
				.findFirst()
				.orElse(null), (telemetry) -> telemetry != null);
		assertThat(seen.kvCacheUsage()).isEqualTo(0.93);
		MeterRegistry registry = worker.getBean(MeterRegistry.class);
		assertThat(registry.get("ragline.backend.kv.cache.usage").tag("backend", "vllm").gauge().value())
			.isEqualTo(0.93);
		assertThat(registry.get("ragline.llm.in.flight.limit").tag("role", "primary").gauge().value()).isEqualTo(FLOOR);

		// not reset(): for a moment it reports an empty queue, and a reading then grows
		// the
		// limit by a step (to 4: seen in CI)
		vllm.resetPeakConcurrency();
		answerAll(RetrievedQueries.publish(scope.retrieved(), 12, Duration.ZERO));
		assertThat(vllm.peakConcurrency()).as("calls at once while held back").isLessThanOrEqualTo(FLOOR);

		queue.set(-1);
		await().atMost(TIMEOUT).until(() -> primary.limit() == MAX_IN_FLIGHT);
		vllm.reset().latency(Duration.ofMillis(300));
		answerAll(RetrievedQueries.publish(scope.retrieved(), 12, Duration.ZERO));
		assertThat(vllm.peakConcurrency()).as("calls at once with the queue gone").isGreaterThan(FLOOR * 2);
	}

	private static void answerAll(List<String> ids) {
		ResultStore store = worker.getBean(ResultStore.class);
		await().atMost(TIMEOUT)
			.until(() -> ids.stream()
				.allMatch((id) -> store.find(id).map((result) -> result.status() == QueryStatus.DONE).orElse(false)));
	}

}
