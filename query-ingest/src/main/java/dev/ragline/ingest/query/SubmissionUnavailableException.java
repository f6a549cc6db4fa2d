package dev.ragline.ingest.query;

/**
 * The query could not be handed to Kafka (broker down or too slow to acknowledge).
 * Nothing of it is kept; the client may retry. Answered with 503 and {@code Retry-After}.
 */
class SubmissionUnavailableException extends RuntimeException {

	SubmissionUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
