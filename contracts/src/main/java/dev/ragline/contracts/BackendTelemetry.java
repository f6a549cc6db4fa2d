package dev.ragline.contracts;

import java.time.Instant;

/**
 * What an LLM backend says about itself, as an llm-worker last read it: vLLM's or
 * llama.cpp's Prometheus {@code /metrics}, Ollama's {@code /api/ps}. Figures a backend
 * does not report are {@code null}; means and rates are over the interval since the
 * reading before.
 *
 * @param backend {@code vllm} or {@code ollama}
 * @param reachable whether the last reading succeeded
 * @param readAt when it was read
 * @param requestsRunning requests the server is generating for now (vLLM, llama.cpp)
 * @param requestsWaiting requests queued in the server, not started yet (vLLM, llama.cpp)
 * @param kvCacheUsage the KV cache's used share, 0 to 1 (vLLM, llama.cpp where reported)
 * @param timeToFirstTokenMs mean time to the first token of the requests that got one in
 * the interval (vLLM)
 * @param requestLatencyMs mean end-to-end latency of the requests that finished in the
 * interval (vLLM)
 * @param promptTokensPerSecond prompt tokens processed per second over the interval
 * @param generationTokensPerSecond tokens generated per second over the interval
 * @param modelsLoaded models loaded in memory now (Ollama)
 * @param modelMemoryBytes memory the loaded models take (Ollama)
 * @param problem why the last reading failed, else {@code null}
 */
public record BackendTelemetry(String backend, boolean reachable, Instant readAt, Double requestsRunning,
		Double requestsWaiting, Double kvCacheUsage, Double timeToFirstTokenMs, Double requestLatencyMs,
		Double promptTokensPerSecond, Double generationTokensPerSecond, Integer modelsLoaded, Long modelMemoryBytes,
		String problem) {

	/** A backend that could not be read at {@code at}, and why. */
	public static BackendTelemetry unreachable(String backend, Instant at, String problem) {
		return new BackendTelemetry(backend, false, at, null, null, null, null, null, null, null, null, null, problem);
	}

}
