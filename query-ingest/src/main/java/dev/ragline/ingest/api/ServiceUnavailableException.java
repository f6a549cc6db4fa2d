package dev.ragline.ingest.api;

/**
 * Kafka did not acknowledge in time (broker down or too slow). The submission is refused
 * for good: its reserved id is FAILED with {@code NOT_ACCEPTED}, so it is never answered,
 * and the client may retry. Answered with 503, {@code Retry-After} and the refused id.
 */
public class ServiceUnavailableException extends RuntimeException {

	private final String queryId;

	public ServiceUnavailableException(String queryId, String message, Throwable cause) {
		super(message, cause);
		this.queryId = queryId;
	}

	/** The id the refused submission had reserved, or {@code null}. */
	public String queryId() {
		return this.queryId;
	}

}
