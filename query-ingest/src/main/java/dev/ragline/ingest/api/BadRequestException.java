package dev.ragline.ingest.api;

/** A request the API refuses with 400: {@link #getMessage()} says what to fix. */
public class BadRequestException extends RuntimeException {

	private final String field;

	public BadRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The offending field, or {@code null} when the body as a whole is wrong. */
	public String field() {
		return this.field;
	}

}
