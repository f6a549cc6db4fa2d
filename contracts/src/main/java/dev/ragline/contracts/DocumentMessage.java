package dev.ragline.contracts;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A document of the collection: the value of a record on {@link Topics#DOCUMENTS}
 * (compacted, key = document id; a record with a null value deletes the document).
 * Produced by {@code POST /api/documents}, {@code ./ragline index} or any Kafka client;
 * consumed by every retriever replica, which each index all documents.
 *
 * @param schemaVersion version of this message's shape; {@code 1} when absent
 * @param id stable id, cited by answers; at most {@link #MAX_ID_LENGTH} characters
 * @param title title, may be empty
 * @param text the full text, non-blank, at most {@link #MAX_TEXT_LENGTH} characters
 * @param source where it came from (a file, a dataset), may be empty
 */
public record DocumentMessage(int schemaVersion, String id, String title, String text, String source) {

	public static final int SCHEMA_VERSION = 1;

	public static final int MAX_ID_LENGTH = 512;

	public static final int MAX_TEXT_LENGTH = 1_000_000;

	public DocumentMessage {
		schemaVersion = (schemaVersion > 0) ? schemaVersion : SCHEMA_VERSION;
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("id is missing or blank");
		}
		if (id.length() > MAX_ID_LENGTH) {
			throw new IllegalArgumentException("id is longer than " + MAX_ID_LENGTH + " characters");
		}
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("text is missing or blank");
		}
		if (text.length() > MAX_TEXT_LENGTH) {
			throw new IllegalArgumentException("text is longer than " + MAX_TEXT_LENGTH + " characters");
		}
		title = (title != null) ? title : "";
		source = (source != null) ? source : "";
	}

	public static DocumentMessage of(String id, String title, String text, String source) {
		return new DocumentMessage(SCHEMA_VERSION, id, title, text, source);
	}

	/**
	 * Reads a document from JSON as any client may write it: {@code id} (or BEIR's
	 * {@code _id}, or the record key), {@code title}, {@code text}, {@code source};
	 * unknown fields ignored.
	 * @param keyId the record key, or {@code null}
	 * @throws InvalidMessageException saying what is wrong
	 */
	public static DocumentMessage read(JsonNode json, String keyId) {
		if (json == null || !json.isObject()) {
			throw new InvalidMessageException(keyId, InvalidMessageException.INVALID_MESSAGE,
					"A document must be a JSON object like {\"id\": \"...\", \"title\": \"...\", \"text\": \"...\"}");
		}
		String bodyId = text(json, "id", keyId);
		if (bodyId == null) {
			bodyId = text(json, "_id", keyId);
		}
		if (bodyId != null && keyId != null && !bodyId.equals(keyId)) {
			throw new InvalidMessageException(keyId, InvalidMessageException.ID_MISMATCH,
					"Record key '" + keyId + "' and body id '" + bodyId + "' name different documents");
		}
		String id = (bodyId != null) ? bodyId : keyId;
		try {
			return of(id, text(json, "title", id), text(json, "text", id), text(json, "source", id));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMessageException(id, InvalidMessageException.INVALID_MESSAGE,
					"Not a valid document: " + ex.getMessage());
		}
	}

	/** As {@link #read(JsonNode, String)}, from bytes that may not even be JSON. */
	public static DocumentMessage read(byte[] json, String keyId) {
		try {
			return read(MessageJson.tree(json), keyId);
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException(keyId, InvalidMessageException.INVALID_JSON,
					"Not valid UTF-8 JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String text(JsonNode json, String field, String id) {
		JsonNode node = json.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new InvalidMessageException(id, InvalidMessageException.INVALID_MESSAGE,
					field + " must be a string, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
		}
		return node.asString();
	}

}
