package dev.ragline.llm.generation;

import java.time.Duration;
import java.time.Instant;

import dev.ragline.kafka.concurrent.ConcurrentRecordDispatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The LLM stage's meters: {@code ragline.llm.calls} (a timer per backend, outcome and
 * reason), {@code ragline.llm.reroutes} (per reason) and the
 * {@code ragline.llm.in.flight} and {@code ragline.llm.waiting} gauges per role. vLLM's
 * circuit breaker state comes from Resilience4j's own meters
 * ({@code resilience4j.circuitbreaker.state}). Calls and reroutes also go to a window of
 * the last minute, for the worker's status.
 */
class LlmMetrics {

	static final String NONE = "none";

	private final MeterRegistry registry;

	private final LastMinute lastMinute;

	LlmMetrics(MeterRegistry registry, LastMinute lastMinute) {
		this.registry = registry;
		this.lastMinute = lastMinute;
	}

	void call(String backend, String outcome, String reason, Instant start, Instant end) {
		Timer.builder("ragline.llm.calls")
			.description("Backend calls made to answer queries")
			.tag("backend", backend)
			.tag("outcome", outcome)
			.tag("reason", (reason != null) ? reason : NONE)
			.register(this.registry)
			.record(Duration.between(start, end));
		this.lastMinute.call(backend, Duration.between(start, end));
	}

	void rerouted(String reason) {
		Counter.builder("ragline.llm.reroutes")
			.description("Queries sent to the fallback backend")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
		this.lastMinute.rerouted(reason);
	}

	/** The calls and reroutes of the last minute. */
	LastMinute lastMinute() {
		return this.lastMinute;
	}

	void watch(String role, ConcurrentRecordDispatcher dispatcher) {
		Gauge.builder("ragline.llm.in.flight", dispatcher, ConcurrentRecordDispatcher::running)
			.description("Backend calls running now")
			.tag("role", role)
			.register(this.registry);
		Gauge.builder("ragline.llm.waiting", dispatcher, ConcurrentRecordDispatcher::waiting)
			.description("Records fetched and waiting for a free in-flight slot")
			.tag("role", role)
			.register(this.registry);
		Gauge.builder("ragline.llm.in.flight.limit", dispatcher, ConcurrentRecordDispatcher::limit)
			.description("Backend calls that may run at once now (below max-in-flight while held back)")
			.tag("role", role)
			.register(this.registry);
	}

}
