package dev.ragline.ingest.api;

/**
 * Kafka did not acknowledge in time (broker down or too slow). Nothing of the request is
 * kept; the client may retry. Answered with 503 and {@code Retry-After}.
 */
public class ServiceUnavailableException extends RuntimeException {

	public ServiceUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
