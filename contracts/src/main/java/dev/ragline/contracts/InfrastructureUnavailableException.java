package dev.ragline.contracts;

/**
 * Something every record of a stage needs is down: Redis, or the Kafka broker the stage
 * publishes to. The record is retried with back-off until it is back and is never
 * dead-lettered for this: another record would fail the same way, and a query must not be
 * lost to an outage.
 */
public class InfrastructureUnavailableException extends RaglineException {

	public static final String REASON = "INFRASTRUCTURE_UNAVAILABLE";

	public InfrastructureUnavailableException(String queryId, String message, Throwable cause) {
		super(queryId, REASON, message, cause);
	}

}
