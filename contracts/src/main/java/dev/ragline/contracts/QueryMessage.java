package dev.ragline.contracts;

import java.time.Instant;

/**
 * A question to answer: the value of a record on {@link Topics#QUERIES}. Produced by
 * query-ingest, or by any Kafka client publishing JSON directly; consumed by the
 * retriever, which carries it on inside {@link RetrievedQuery}.
 *
 * <p>
 * On the wire only {@code question} is required; {@code id} may be left out when the
 * record key holds it. Unknown fields are ignored, so clients may send more.
 *
 * @param schemaVersion version of this message's shape; {@code 1} when absent
 * @param id the query id; result documents are stored under it
 * @param question the question, non-blank, at most {@link #MAX_QUESTION_LENGTH}
 * characters
 * @param topK how many passages to retrieve, or {@code null} for the retriever's default
 * @param maxTokens the most tokens the LLM may generate, or {@code null} for the default
 * @param temperature sampling temperature between 0 and 2, or {@code null} for the
 * default
 * @param deadline when the answer stops being useful, or {@code null} for none
 * @param submittedAt when the query was accepted, or {@code null} when unknown
 */
public record QueryMessage(int schemaVersion, String id, String question, Integer topK, Integer maxTokens,
		Double temperature, Instant deadline, Instant submittedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final int MAX_QUESTION_LENGTH = 4000;

	public static final int MAX_ID_LENGTH = 200;

	public static final int MAX_TOP_K = 50;

	public static final double MAX_TEMPERATURE = 2.0;

	public QueryMessage {
		schemaVersion = (schemaVersion > 0) ? schemaVersion : SCHEMA_VERSION;
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("id is missing: set the record key or an \"id\" field");
		}
		if (id.length() > MAX_ID_LENGTH) {
			throw new IllegalArgumentException("id is longer than " + MAX_ID_LENGTH + " characters");
		}
		if (question == null || question.isBlank()) {
			throw new IllegalArgumentException("question is missing or blank");
		}
		if (question.length() > MAX_QUESTION_LENGTH) {
			throw new IllegalArgumentException("question is longer than " + MAX_QUESTION_LENGTH + " characters");
		}
		String notText = notText(question);
		if (notText != null) {
			throw new IllegalArgumentException(notText);
		}
		if (topK != null && (topK < 1 || topK > MAX_TOP_K)) {
			throw new IllegalArgumentException("topK must be between 1 and " + MAX_TOP_K + ", was " + topK);
		}
		if (maxTokens != null && maxTokens < 1) {
			throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
		}
		if (temperature != null && (temperature < 0 || temperature > MAX_TEMPERATURE)) {
			throw new IllegalArgumentException(
					"temperature must be between 0 and " + MAX_TEMPERATURE + ", was " + temperature);
		}
	}

	/**
	 * What makes {@code question} unfit to be a question, or {@code null}: control
	 * characters (tab and newline are fine) and halves of UTF-16 surrogate pairs, which
	 * no encoding can carry.
	 */
	public static String notText(String question) {
		for (int i = 0; i < question.length(); i++) {
			char c = question.charAt(i);
			if (Character.isISOControl(c) && c != '\n' && c != '\t') {
				return String.format("question contains the control character U+%04X at position %d; remove it",
						(int) c, i);
			}
			if (Character.isHighSurrogate(c) && i + 1 < question.length()
					&& Character.isLowSurrogate(question.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return String.format(
						"question contains half of a UTF-16 surrogate pair (U+%04X) at position %d; it is not text",
						(int) c, i);
			}
		}
		return null;
	}

	/** A message with only the required fields. */
	public static QueryMessage of(String id, String question) {
		return new QueryMessage(SCHEMA_VERSION, id, question, null, null, null, null, null);
	}

}
