package dev.ragline.contracts;

import java.util.Objects;

/**
 * Why a query failed, in the result document's {@code error} field.
 *
 * @param code stable machine-readable code, e.g. {@code INVALID_QUERY},
 * {@code FALLBACK_FAILED}
 * @param message what happened and, where it helps, what to do about it
 */
public record ErrorInfo(String code, String message) {

	/**
	 * The query's deadline passed before it was answered; no backend was asked after
	 * that.
	 */
	public static final String EXPIRED = "EXPIRED";

	/**
	 * The submission was refused with 503 (Kafka did not acknowledge it in time): the
	 * query is never answered, even if its record reaches Kafka later.
	 */
	public static final String NOT_ACCEPTED = "NOT_ACCEPTED";

	/** The client cancelled the query ({@code DELETE /api/queries/{id}}). */
	public static final String CANCELLED = "CANCELLED";

	/**
	 * Neither backend answered: the message has the fallback's reason and the primary's.
	 */
	public static final String FALLBACK_FAILED = "FALLBACK_FAILED";

	public ErrorInfo {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message");
	}

}
