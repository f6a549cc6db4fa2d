package dev.ragline.contracts;

/**
 * Kafka header names ragline writes on rerouted and dead-lettered records. Values are
 * UTF-8 strings, readable by any client (kcat {@code -f '%h'}).
 */
public final class RaglineHeaders {

	/**
	 * Machine-readable reason code, e.g. {@code VLLM_MODEL_NOT_FOUND} or
	 * {@code INVALID_JSON}.
	 */
	public static final String REASON = "ragline.reason";

	/** Human-readable explanation of the reason. */
	public static final String REASON_DETAIL = "ragline.reason.detail";

	/** HTTP status the failing backend answered, when there was one. */
	public static final String REASON_HTTP_STATUS = "ragline.reason.http-status";

	/** How many calls were made to the failing backend before giving up. */
	public static final String REASON_ATTEMPTS = "ragline.reason.attempts";

	/**
	 * Every call made to the primary backend, as a JSON array of {@link Attempt}, on
	 * rerouted records.
	 */
	public static final String REASON_CALLS = "ragline.reason.calls";

	/**
	 * The last failed call as one {@link Attempt} JSON object, as versions before
	 * {@link #REASON_CALLS} wrote it; still read from records they left on the fallback
	 * topic.
	 */
	public static final String REASON_ATTEMPT = "ragline.reason.attempt";

	/** The stage that gave up on the record: {@code retriever}, {@code llm}, ... */
	public static final String REASON_STAGE = "ragline.reason.stage";

	private RaglineHeaders() {
	}

}
