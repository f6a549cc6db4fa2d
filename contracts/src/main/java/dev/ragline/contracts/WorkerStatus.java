package dev.ragline.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one worker process says about itself, every few seconds, for the pipeline view
 * ({@code GET /api/pipeline}, the console and {@code ./ragline status}): Kafka tells how
 * much work waits, only the workers know what they are doing with it. A status lives in
 * Redis a little longer than the interval it is written at, so a worker that died drops
 * out of the view by itself.
 *
 * @param service {@code retriever-worker} or {@code llm-worker}
 * @param role {@code retriever}, {@code primary}, {@code fallback} or
 * {@code primary+fallback}
 * @param instance host and process id, unique per process
 * @param startedAt when the process started
 * @param updatedAt when this status was written
 * @param inFlight backend calls running now (LLM workers), else {@code null}
 * @param maxInFlight how many may run at once now (LLM workers: {@code max-in-flight}, or
 * fewer while held back), else {@code null}
 * @param breakers circuit breaker state per backend, e.g. {@code vllm: CLOSED}
 * @param calls backend calls of the last minute per backend
 * @param reroutesLastMinute queries sent to the fallback in the last minute, per reason
 * @param documents documents in this replica's index (retrievers), else {@code null}
 * @param corpusVersion the corpus version a retriever's index is at, else {@code null}
 * @param backends what the backends this worker calls last said about themselves
 * ({@link BackendTelemetry}), per backend
 * @param experiment the backend experiment an llm-worker runs now (primary role), else
 * {@code null}
 */
public record WorkerStatus(String service, String role, String instance, Instant startedAt, Instant updatedAt,
		Integer inFlight, Integer maxInFlight, Map<String, String> breakers, Map<String, Calls> calls,
		Map<String, Integer> reroutesLastMinute, Integer documents, Long corpusVersion,
		Map<String, BackendTelemetry> backends, ExperimentSetting experiment) {

	public static final String RETRIEVER_WORKER = "retriever-worker";

	public static final String LLM_WORKER = "llm-worker";

	public WorkerStatus {
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(instance, "instance");
		breakers = (breakers != null) ? Map.copyOf(breakers) : Map.of();
		calls = (calls != null) ? Map.copyOf(calls) : Map.of();
		reroutesLastMinute = (reroutesLastMinute != null) ? Map.copyOf(reroutesLastMinute) : Map.of();
		backends = (backends != null) ? Map.copyOf(backends) : Map.of();
	}

	/**
	 * One backend's calls in the last minute: how many, and their median and 95th
	 * percentile duration ({@code null} when there were none).
	 */
	public record Calls(int lastMinute, Double p50Ms, Double p95Ms) {

	}

}
