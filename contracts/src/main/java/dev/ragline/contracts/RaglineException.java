package dev.ragline.contracts;

/**
 * Root of ragline's exceptions. Each subclass says what the pipeline does with the record
 * that raised it (retry, reroute, dead-letter); every one carries a machine-readable
 * reason code and, when known, the query id.
 */
public abstract class RaglineException extends RuntimeException {

	private final String queryId;

	private final String reason;

	protected RaglineException(String queryId, String reason, String message, Throwable cause) {
		super(message, cause);
		this.queryId = queryId;
		this.reason = reason;
	}

	/** The id of the query concerned, or {@code null} when it could not be read. */
	public String queryId() {
		return this.queryId;
	}

	/** Machine-readable reason code, written to headers and result documents. */
	public String reason() {
		return this.reason;
	}

}
