package dev.ragline.ingest.api;

import org.springframework.http.HttpStatus;

/**
 * The request conflicts with the state of what it names: 409 (a query already final, a
 * submission still in progress) or 422 (an idempotency key reused for another request).
 */
public class ConflictException extends RuntimeException {

	private final HttpStatus status;

	public ConflictException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

}
