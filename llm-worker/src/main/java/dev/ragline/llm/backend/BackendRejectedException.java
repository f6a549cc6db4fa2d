package dev.ragline.llm.backend;

import dev.ragline.contracts.RaglineException;

/**
 * The fallback backend refused the query in a way retrying cannot fix (model not pulled,
 * bad request): the record is dead-lettered at once and the query FAILED with what to do.
 */
public class BackendRejectedException extends RaglineException {

	private final int httpStatus;

	public BackendRejectedException(String queryId, String reason, int httpStatus, String message) {
		super(queryId, reason, message, null);
		this.httpStatus = httpStatus;
	}

	/** The HTTP status the backend answered. */
	public int httpStatus() {
		return this.httpStatus;
	}

}
