package dev.ragline.llm.backend;

import java.time.Instant;
import java.util.List;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.RaglineException;

/**
 * The query's deadline passed before an answer came. The query is FAILED with
 * {@link ErrorInfo#EXPIRED}; no backend is asked any more, and the record is done (it is
 * not dead-lettered: nothing is wrong with it).
 */
public class DeadlineExpiredException extends RaglineException {

	private final List<Attempt> attempts;

	public DeadlineExpiredException(String queryId, Instant deadline) {
		this(queryId, deadline, List.of());
	}

	/**
	 * @param attempts the calls made before the deadline passed
	 */
	public DeadlineExpiredException(String queryId, Instant deadline, List<Attempt> attempts) {
		super(queryId, ErrorInfo.EXPIRED, "The query's deadline " + deadline + " passed before it was answered", null);
		this.attempts = List.copyOf(attempts);
	}

	/** The calls made before the deadline passed. */
	public List<Attempt> attempts() {
		return this.attempts;
	}

}
