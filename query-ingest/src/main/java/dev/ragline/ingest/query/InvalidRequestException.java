package dev.ragline.ingest.query;

/** A submission the API refuses with 400: {@link #getMessage()} says what to fix. */
class InvalidRequestException extends RuntimeException {

	private final String field;

	InvalidRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The offending field, or {@code null} when the body as a whole is wrong. */
	String field() {
		return this.field;
	}

}
