package dev.ragline.retriever.query;

import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a record of {@code ragline.queries} as any Kafka client may have written it: the
 * id from the body or, when the body has none, from the record key. Anything unreadable
 * becomes an {@link InvalidMessageException} that says exactly what is wrong.
 */
final class QueryMessageReader {

	private QueryMessageReader() {
	}

	static QueryMessage read(String key, byte[] value) {
		String keyId = (key != null && !key.isBlank()) ? key : null;
		if (value == null || value.length == 0) {
			throw new InvalidMessageException(keyId, InvalidMessageException.INVALID_JSON,
					"Record value is empty; expected JSON like {\"question\": \"...\"}");
		}
		JsonNode json;
		try {
			json = MessageJson.tree(value);
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException(keyId, InvalidMessageException.INVALID_JSON,
					"Record value is not valid UTF-8 JSON: " + ex.getOriginalMessage(), ex);
		}
		if (json == null || !json.isObject()) {
			throw new InvalidMessageException(keyId, InvalidMessageException.INVALID_MESSAGE,
					"Record value must be a JSON object like {\"question\": \"...\"}");
		}
		ObjectNode object = (ObjectNode) json;
		String bodyId = object.hasNonNull("id") ? object.get("id").asString() : null;
		if (bodyId != null && keyId != null && !bodyId.equals(keyId)) {
			throw new InvalidMessageException(keyId, InvalidMessageException.ID_MISMATCH,
					"Record key '" + keyId + "' and body id '" + bodyId + "' name different queries");
		}
		if (bodyId == null && keyId != null) {
			object.put("id", keyId);
		}
		String id = (bodyId != null) ? bodyId : keyId;
		if (object.has("question") && !object.get("question").isString()) {
			throw new InvalidMessageException(id, InvalidMessageException.INVALID_MESSAGE, "question must be a string");
		}
		try {
			return MessageJson.convert(object, QueryMessage.class);
		}
		catch (JacksonException ex) {
			Throwable cause = (ex.getCause() instanceof IllegalArgumentException invalid) ? invalid : ex;
			String message = (cause instanceof JacksonException jackson) ? jackson.getOriginalMessage()
					: cause.getMessage();
			throw new InvalidMessageException(id, InvalidMessageException.INVALID_MESSAGE,
					"Not a valid query: " + message, ex);
		}
	}

}
