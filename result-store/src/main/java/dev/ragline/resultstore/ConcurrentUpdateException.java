package dev.ragline.resultstore;

import dev.ragline.contracts.RaglineException;

/**
 * Too many writers changed the same document at once for an update to get through.
 * Retryable: the listener's error handler tries the record again.
 */
public class ConcurrentUpdateException extends RaglineException {

	public ConcurrentUpdateException(String queryId, int attempts) {
		super(queryId, "CONCURRENT_UPDATE",
				"Result document of query " + queryId + " changed under " + attempts + " consecutive writes", null);
	}

}
