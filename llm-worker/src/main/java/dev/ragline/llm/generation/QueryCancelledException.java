package dev.ragline.llm.generation;

import dev.ragline.contracts.RaglineException;

/**
 * The client cancelled the query while its answer was being generated: the call is
 * abandoned and the record is done (CANCELLED is final; nothing is retried or rerouted).
 */
public class QueryCancelledException extends RaglineException {

	public static final String REASON = "CANCELLED";

	public QueryCancelledException(String queryId) {
		super(queryId, REASON, "Query " + queryId + " was cancelled while it was being answered", null);
	}

}
