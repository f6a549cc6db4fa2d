package dev.ragline.contracts;

import java.util.Objects;

/**
 * Why the primary backend did not answer and the fallback was asked instead. Travels as
 * {@link RaglineHeaders} on the fallback record and is shown in the result document's
 * {@code fallbackReason} field.
 *
 * @param code machine-readable reason, e.g. {@code VLLM_MODEL_NOT_FOUND},
 * {@code VLLM_TIMEOUT}
 * @param httpStatus the status the primary backend answered, or {@code null} when it
 * answered nothing (timeout, connection refused)
 * @param detail human-readable explanation with an excerpt of the backend's answer
 * @param attempts how many calls were made to the primary backend
 */
public record FallbackReason(String code, Integer httpStatus, String detail, int attempts) {

	/**
	 * vLLM answered 404 with its {@code NotFoundError}: the requested model is not
	 * served.
	 */
	public static final String VLLM_MODEL_NOT_FOUND = "VLLM_MODEL_NOT_FOUND";

	/**
	 * 404 without vLLM's model error: the URL path is wrong (e.g. doubled or missing
	 * {@code /v1}).
	 */
	public static final String VLLM_ROUTE_NOT_FOUND = "VLLM_ROUTE_NOT_FOUND";

	/** No answer in time: connect, read (time to first byte) or total-call timeout. */
	public static final String VLLM_TIMEOUT = "VLLM_TIMEOUT";

	/** Connection refused or reset, or 5xx/429 answers. */
	public static final String VLLM_UNAVAILABLE = "VLLM_UNAVAILABLE";

	/**
	 * Any other refusal (400, 401, 403, redirects): the request or the configuration is
	 * wrong.
	 */
	public static final String VLLM_CONFIG_ERROR = "VLLM_CONFIG_ERROR";

	/** vLLM refused the prompt as longer than its context, even with fewer passages. */
	public static final String VLLM_PROMPT_TOO_LONG = "VLLM_PROMPT_TOO_LONG";

	/** vLLM started streaming (HTTP 200) and then sent an error event or broke off. */
	public static final String VLLM_STREAM_ERROR = "VLLM_STREAM_ERROR";

	/**
	 * vLLM has been failing; the circuit breaker skips it without waiting for a timeout.
	 */
	public static final String VLLM_CIRCUIT_OPEN = "VLLM_CIRCUIT_OPEN";

	/** vLLM answered 200 with something that is not a completion. */
	public static final String VLLM_BAD_RESPONSE = "VLLM_BAD_RESPONSE";

	/** No vLLM base URL is configured, so every query goes to the fallback backend. */
	public static final String VLLM_NOT_CONFIGURED = "VLLM_NOT_CONFIGURED";

	/**
	 * Longer details are cut, so the copy in the headers and the one in the result are
	 * equal.
	 */
	public static final int MAX_DETAIL_LENGTH = 1000;

	public FallbackReason {
		Objects.requireNonNull(code, "code");
		detail = (detail != null) ? detail : "";
		if (detail.length() > MAX_DETAIL_LENGTH) {
			detail = detail.substring(0, MAX_DETAIL_LENGTH - 1) + "…";
		}
	}

}
