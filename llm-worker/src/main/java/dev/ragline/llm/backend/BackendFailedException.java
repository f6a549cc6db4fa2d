package dev.ragline.llm.backend;

import dev.ragline.contracts.RaglineException;

/**
 * The fallback backend failed in a way that may pass (busy, timeout, 5xx, connection
 * refused): the record is retried with back-off, then dead-lettered and the query FAILED.
 */
public class BackendFailedException extends RaglineException {

	private final Integer httpStatus;

	public BackendFailedException(String queryId, String reason, String message, Throwable cause) {
		this(queryId, reason, null, message, cause);
	}

	/**
	 * @param httpStatus what the backend answered, or {@code null} for no answer
	 */
	public BackendFailedException(String queryId, String reason, Integer httpStatus, String message, Throwable cause) {
		super(queryId, reason, message, cause);
		this.httpStatus = httpStatus;
	}

	/** The HTTP status the backend answered, or {@code null} when it answered none. */
	public Integer httpStatus() {
		return this.httpStatus;
	}

}
