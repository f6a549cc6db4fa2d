package dev.ragline.ingest.query;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.ingest.api.BadRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/queries}, read field by field so every mistake gets a
 * message that names the field and says what to send instead.
 *
 * @param question the question, trimmed
 * @param topK passages to retrieve, or {@code null} for the default
 * @param maxTokens most tokens to generate, or {@code null} for the default
 * @param temperature sampling temperature, or {@code null} for the default
 * @param deadline when the answer stops being useful (ISO-8601, in the future), or
 * {@code null}
 * @param cache whether an earlier answer to the same question may be served
 */
record SubmitQueryRequest(String question, Integer topK, Integer maxTokens, Double temperature, Instant deadline,
		boolean cache) {

	static final int MAX_TOKENS_LIMIT = 32_768;

	/**
	 * Jackson's words for an object with a key twice ({@code MessageJson} refuses it).
	 */
	private static final Pattern DUPLICATE_KEY = Pattern.compile("^Duplicate (?:Object property|field) \"(.*)\"");

	static SubmitQueryRequest parse(byte[] body, Clock clock) {
		if (body == null || body.length == 0) {
			throw new BadRequestException(null, "The request body is empty; send {\"question\": \"...\"}");
		}
		JsonNode json;
		try {
			json = MessageJson.tree(body);
		}
		catch (JacksonException ex) {
			String duplicate = duplicateKey(ex);
			if (duplicate != null) {
				throw new BadRequestException(duplicate,
						"The request body has the key \"" + duplicate + "\" more than once; send each key once");
			}
			throw new BadRequestException(null, "The request body is not valid JSON: " + firstLine(ex));
		}
		if (json == null || !json.isObject()) {
			throw new BadRequestException(null, "The request body must be a JSON object like {\"question\": \"...\"}");
		}
		return new SubmitQueryRequest(question(json.get("question")), integer(json, "topK", 1, QueryMessage.MAX_TOP_K),
				integer(json, "maxTokens", 1, MAX_TOKENS_LIMIT), temperature(json.get("temperature")),
				deadline(json.get("deadline"), clock), cache(json.get("cache")));
	}

	/** The query this request asks, under {@code id}. */
	QueryMessage toMessage(String id, Instant submittedAt) {
		return new QueryMessage(QueryMessage.SCHEMA_VERSION, id, this.question, this.topK, this.maxTokens,
				this.temperature, this.deadline, submittedAt);
	}

	private static Instant deadline(JsonNode node, Clock clock) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new BadRequestException("deadline",
					"deadline must be an ISO-8601 instant like \"2026-11-27T18:00:00Z\", not " + describe(node));
		}
		Instant deadline;
		try {
			deadline = Instant.parse(node.asString());
		}
		catch (DateTimeParseException ex) {
			throw new BadRequestException("deadline",
					"deadline must be an ISO-8601 instant like \"2026-11-27T18:00:00Z\", not \"" + node.asString()
							+ "\"");
		}
		if (!deadline.isAfter(clock.instant())) {
			throw new BadRequestException("deadline", "deadline " + deadline + " has already passed");
		}
		return deadline;
	}

	private static boolean cache(JsonNode node) {
		if (node == null || node.isNull()) {
			return true;
		}
		if (!node.isBoolean()) {
			throw new BadRequestException("cache", "cache must be true or false, not " + describe(node));
		}
		return node.asBoolean();
	}

	private static String question(JsonNode node) {
		if (node == null || node.isNull()) {
			throw new BadRequestException("question", "question is required");
		}
		if (!node.isString()) {
			throw new BadRequestException("question", "question must be a string, not " + describe(node));
		}
		String question = node.asString().strip();
		if (question.isEmpty()) {
			throw new BadRequestException("question", "question must not be blank");
		}
		if (question.length() > QueryMessage.MAX_QUESTION_LENGTH) {
			throw new BadRequestException("question", "question is " + question.length() + " characters long; at most "
					+ QueryMessage.MAX_QUESTION_LENGTH + " are allowed");
		}
		String notText = QueryMessage.notText(question);
		if (notText != null) {
			throw new BadRequestException("question", notText);
		}
		return question;
	}

	private static Integer integer(JsonNode json, String field, int min, int max) {
		JsonNode node = json.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || !node.canConvertToInt()) {
			throw new BadRequestException(field, field + " must be a whole number, not " + describe(node));
		}
		int value = node.intValue();
		if (value < min || value > max) {
			throw new BadRequestException(field, field + " must be between " + min + " and " + max + ", not " + value);
		}
		return value;
	}

	private static Double temperature(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isNumber()) {
			throw new BadRequestException("temperature", "temperature must be a number, not " + describe(node));
		}
		double value = node.doubleValue();
		if (value < 0 || value > QueryMessage.MAX_TEMPERATURE) {
			throw new BadRequestException("temperature",
					"temperature must be between 0 and " + QueryMessage.MAX_TEMPERATURE + ", not " + value);
		}
		return value;
	}

	private static String describe(JsonNode node) {
		return switch (node.getNodeType()) {
			case STRING -> "a string";
			case NUMBER -> "the number " + node.asString();
			case BOOLEAN -> "a boolean";
			case ARRAY -> "an array";
			case OBJECT -> "an object";
			default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
		};
	}

	/** The key an object had twice, when that is what is wrong, else {@code null}. */
	private static String duplicateKey(JacksonException ex) {
		Matcher matcher = DUPLICATE_KEY.matcher(String.valueOf(ex.getOriginalMessage()));
		return matcher.find() ? matcher.group(1) : null;
	}

	private static String firstLine(JacksonException ex) {
		String message = ex.getOriginalMessage();
		int newline = (message != null) ? message.indexOf('\n') : -1;
		return (newline > 0) ? message.substring(0, newline) : String.valueOf(message);
	}

}
