package dev.ragline.ingest.query;

import dev.ragline.ingest.api.BadRequestException;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
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
 */
record SubmitQueryRequest(String question, Integer topK, Integer maxTokens, Double temperature) {

	static final int MAX_TOKENS_LIMIT = 32_768;

	static SubmitQueryRequest parse(byte[] body) {
		if (body == null || body.length == 0) {
			throw new BadRequestException(null, "The request body is empty; send {\"question\": \"...\"}");
		}
		JsonNode json;
		try {
			json = MessageJson.tree(body);
		}
		catch (JacksonException ex) {
			throw new BadRequestException(null, "The request body is not valid JSON: " + firstLine(ex));
		}
		if (json == null || !json.isObject()) {
			throw new BadRequestException(null, "The request body must be a JSON object like {\"question\": \"...\"}");
		}
		return new SubmitQueryRequest(question(json.get("question")), integer(json, "topK", 1, QueryMessage.MAX_TOP_K),
				integer(json, "maxTokens", 1, MAX_TOKENS_LIMIT), temperature(json.get("temperature")));
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
		for (int i = 0; i < question.length(); i++) {
			char c = question.charAt(i);
			if (Character.isISOControl(c) && c != '\n' && c != '\t') {
				throw new BadRequestException("question", String
					.format("question contains the control character U+%04X at position %d; remove it", (int) c, i));
			}
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

	private static String firstLine(JacksonException ex) {
		String message = ex.getOriginalMessage();
		int newline = (message != null) ? message.indexOf('\n') : -1;
		return (newline > 0) ? message.substring(0, newline) : String.valueOf(message);
	}

}
