package dev.ragline.llm.generation;

import dev.ragline.contracts.RaglineException;

/**
 * The fallback backend failed in a way that may pass (busy, timeout, 5xx, connection
 * refused): the record is retried with back-off, then dead-lettered and the query FAILED.
 */
public class BackendFailedException extends RaglineException {

	public BackendFailedException(String queryId, String reason, String message, Throwable cause) {
		super(queryId, reason, message, cause);
	}

}
