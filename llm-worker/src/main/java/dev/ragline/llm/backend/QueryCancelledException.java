package dev.ragline.llm.backend;

import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.RaglineException;

/**
 * The client cancelled the query while its answer was being generated: the call is
 * abandoned and the record is done (CANCELLED is final; nothing is retried or rerouted).
 */
public class QueryCancelledException extends RaglineException {

	public QueryCancelledException(String queryId) {
		super(queryId, ErrorInfo.CANCELLED, "Query " + queryId + " was cancelled while it was being answered", null);
	}

}
