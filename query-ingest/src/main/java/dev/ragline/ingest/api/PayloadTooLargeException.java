package dev.ragline.ingest.api;

/** The request body is larger than the API accepts. Answered with 413. */
public class PayloadTooLargeException extends RuntimeException {

	public PayloadTooLargeException(String message) {
		super(message);
	}

}
