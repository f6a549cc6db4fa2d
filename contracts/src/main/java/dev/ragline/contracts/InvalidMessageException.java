package dev.ragline.contracts;

/**
 * A record that can never be processed, however often it is retried: not JSON, missing
 * fields, values out of range. The record goes to {@link Topics#DEAD} at once with
 * {@link #reason()} in its headers, and the partition moves on.
 */
public class InvalidMessageException extends RaglineException {

	/** The value is not valid JSON (or not valid UTF-8). */
	public static final String INVALID_JSON = "INVALID_JSON";

	/** Valid JSON, but a field is missing, of the wrong type or out of range. */
	public static final String INVALID_MESSAGE = "INVALID_MESSAGE";

	/** The record key and the body's {@code id} name different queries. */
	public static final String ID_MISMATCH = "ID_MISMATCH";

	public InvalidMessageException(String queryId, String reason, String message) {
		this(queryId, reason, message, null);
	}

	public InvalidMessageException(String queryId, String reason, String message, Throwable cause) {
		super(queryId, reason, message, cause);
	}

}
