package dev.ragline.llm.generation;

import dev.ragline.contracts.RaglineException;

/**
 * The fallback backend refused the query in a way retrying cannot fix (model not pulled,
 * bad request): the record is dead-lettered at once and the query FAILED with what to do.
 */
public class BackendRejectedException extends RaglineException {

	public BackendRejectedException(String queryId, String reason, String message) {
		super(queryId, reason, message, null);
	}

}
