package dev.ragline.llm.generation;

import java.time.Instant;

import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.RaglineException;

/**
 * The query's deadline passed before an answer came. The query is FAILED with
 * {@link ErrorInfo#EXPIRED}; no backend is asked any more, and the record is done (it is
 * not dead-lettered: nothing is wrong with it).
 */
public class DeadlineExpiredException extends RaglineException {

	public DeadlineExpiredException(String queryId, Instant deadline) {
		super(queryId, ErrorInfo.EXPIRED, "The query's deadline " + deadline + " passed before it was answered", null);
	}

}
