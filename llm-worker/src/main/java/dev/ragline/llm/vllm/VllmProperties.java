package dev.ragline.llm.vllm;

import java.time.Duration;

import dev.ragline.kafka.BackOffs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.BackOff;

/**
 * The primary backend ({@code ragline.vllm.*}, env {@code RAGLINE_VLLM_BASEURL} etc.).
 *
 * @param baseUrl where vLLM's OpenAI-compatible server listens, e.g.
 * {@code http://vllm:8000}; a trailing {@code /v1} is accepted too. Empty: no vLLM,
 * queries go to the fallback backend (or the extractive answerer)
 * @param model the served model name to ask for; empty: the first one {@code /v1/models}
 * lists
 * @param apiKey sent as a bearer token when vLLM runs with {@code --api-key}
 * @param api {@code chat} ({@code /v1/chat/completions}) or {@code completions}
 * ({@code /v1/completions})
 * @param stream ask for a streamed answer (SSE) and write it to the result as it grows
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for the first byte, and then between bytes; vLLM's
 * first inference after a start can be slow
 * @param callTimeout the most one whole call may take
 * @param contextLength the model's context in tokens, to fit prompts into; empty: as the
 * server reports it ({@code max_model_len} in vLLM's {@code /v1/models}, {@code n_ctx} in
 * llama.cpp's), or as it says in a refusal
 * @param retry retries of 5xx, 429 and connections reset before a response, before the
 * query is rerouted
 * @param circuitBreaker when to stop calling a failing vLLM for a while
 */
@ConfigurationProperties("ragline.vllm")
public record VllmProperties(String baseUrl, String model, String apiKey, @DefaultValue("chat") Api api,
		@DefaultValue("true") boolean stream, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("120s") Duration readTimeout, @DefaultValue("300s") Duration callTimeout, Integer contextLength,
		@DefaultValue Retry retry, @DefaultValue CircuitBreaker circuitBreaker) {

	/** Which OpenAI endpoint to call. */
	public enum Api {

		/** {@code POST /v1/chat/completions} with system and user messages. */
		CHAT,

		/** {@code POST /v1/completions} with one plain-text prompt. */
		COMPLETIONS

	}

	/**
	 * Retries of answers that may pass (5xx, 429), with exponential back-off and jitter.
	 *
	 * @param maxAttempts calls per query at most, the first included
	 * @param initialBackoff wait before the first retry
	 * @param multiplier growth of the wait per retry
	 * @param jitter random share of each wait, from 0 (none) to 1
	 */
	public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("2.0") double multiplier, @DefaultValue("0.5") double jitter) {

		/** The longest wait between two calls. */
		static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

		/** The waits between the calls of one query. */
		public BackOff backOff() {
			return BackOffs.exponential(this.initialBackoff, this.multiplier, MAX_BACKOFF, this.jitter,
					Math.max(0, this.maxAttempts - 1));
		}

	}

	/**
	 * The circuit breaker around vLLM: once the share of failed calls in the window
	 * reaches the threshold it opens and queries go straight to the fallback, until a few
	 * probe calls succeed.
	 *
	 * @param enabled whether to use it
	 * @param failureRateThreshold percentage of failed calls that opens it
	 * @param slidingWindowSize how many of the latest calls count
	 * @param minimumNumberOfCalls calls needed before the rate is judged
	 * @param waitInOpenState how long it stays open before probing
	 * @param permittedCallsInHalfOpenState probe calls that decide whether it closes
	 */
	public record CircuitBreaker(@DefaultValue("true") boolean enabled, @DefaultValue("50") float failureRateThreshold,
			@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumNumberOfCalls,
			@DefaultValue("30s") Duration waitInOpenState, @DefaultValue("3") int permittedCallsInHalfOpenState) {

	}

	public boolean configured() {
		return this.baseUrl != null && !this.baseUrl.isBlank();
	}

}
