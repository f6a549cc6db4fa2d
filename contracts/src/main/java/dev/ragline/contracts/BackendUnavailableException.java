package dev.ragline.contracts;

import java.util.List;
import java.util.Objects;

/**
 * The primary LLM backend cannot answer this query now (model not served, wrong route,
 * timeout, connection refused, exhausted retries, open circuit). Not retried in place:
 * the record is republished to {@link Topics#RETRIEVED_FALLBACK} with
 * {@link #fallbackReason()} and {@link #attempts()} in its {@link RaglineHeaders}, for
 * the fallback backend to answer.
 */
public class BackendUnavailableException extends RaglineException {

	private final FallbackReason fallbackReason;

	private final List<Attempt> attempts;

	/**
	 * @param attempts every call made to the primary backend for this query, the last one
	 * first to fail for good; empty when none was made
	 */
	public BackendUnavailableException(String queryId, FallbackReason fallbackReason, List<Attempt> attempts) {
		super(queryId, fallbackReason.code(), fallbackReason.detail(), null);
		this.fallbackReason = Objects.requireNonNull(fallbackReason);
		this.attempts = List.copyOf(attempts);
	}

	public FallbackReason fallbackReason() {
		return this.fallbackReason;
	}

	/** The calls made to the primary backend, in order; empty when none was made. */
	public List<Attempt> attempts() {
		return this.attempts;
	}

}
