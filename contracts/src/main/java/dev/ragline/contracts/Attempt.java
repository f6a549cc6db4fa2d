package dev.ragline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * One call of one backend to answer a query, listed in the result document's
 * {@code attempts}: every call is there, retries included, so a user can see what was
 * tried, how long each call took and how it ended.
 *
 * @param backend {@link Backends} value
 * @param model the model asked, when known
 * @param outcome {@link #ANSWERED}, {@link #RETRIED}, {@link #REROUTED} or
 * {@link #FAILED}
 * @param reason reason code when the call did not answer, e.g. {@code VLLM_UNAVAILABLE}
 * @param httpStatus the HTTP status the backend answered, or {@code null} when it
 * answered none (connection refused, timeout before a response)
 * @param passages how many passages the prompt of this call held, when it held any
 * @param startedAt when the call started
 * @param durationMillis how long the call took
 */
public record Attempt(String backend, String model, String outcome, String reason, Integer httpStatus, Integer passages,
		Instant startedAt, long durationMillis) {

	/** The call answered the query. */
	public static final String ANSWERED = "answered";

	/** The call failed and the same backend was called again. */
	public static final String RETRIED = "retried";

	/** The call failed and the query went to the fallback backend. */
	public static final String REROUTED = "rerouted";

	/** The call failed and nothing else was tried after it by this stage. */
	public static final String FAILED = "failed";

	public Attempt {
		Objects.requireNonNull(backend, "backend");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(startedAt, "startedAt");
	}

	/** A call that answered. */
	public static Attempt answered(String backend, String model, Integer passages, Instant startedAt,
			long durationMillis) {
		return new Attempt(backend, model, ANSWERED, null, 200, passages, startedAt, durationMillis);
	}

	/** The same call, ending with {@code outcome} instead. */
	public Attempt withOutcome(String outcome) {
		return new Attempt(this.backend, this.model, outcome, this.reason, this.httpStatus, this.passages,
				this.startedAt, this.durationMillis);
	}

}
