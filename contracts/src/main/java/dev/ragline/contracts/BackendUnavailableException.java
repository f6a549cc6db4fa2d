package dev.ragline.contracts;

import java.util.Objects;

/**
 * The primary LLM backend cannot answer this query now (model not served, wrong route,
 * timeout, connection refused, exhausted retries, open circuit). Not retried in place:
 * the record is republished to {@link Topics#RETRIEVED_FALLBACK} with
 * {@link #fallbackReason()} in its {@link RaglineHeaders}, for the fallback backend to
 * answer.
 */
public class BackendUnavailableException extends RaglineException {

	private final FallbackReason fallbackReason;

	private final Attempt attempt;

	public BackendUnavailableException(String queryId, FallbackReason fallbackReason, Attempt attempt,
			Throwable cause) {
		super(queryId, fallbackReason.code(), fallbackReason.detail(), cause);
		this.fallbackReason = Objects.requireNonNull(fallbackReason);
		this.attempt = attempt;
	}

	public FallbackReason fallbackReason() {
		return this.fallbackReason;
	}

	/** The failed call to the primary backend, or {@code null} when none was made. */
	public Attempt attempt() {
		return this.attempt;
	}

}
