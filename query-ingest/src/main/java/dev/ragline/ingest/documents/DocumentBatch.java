package dev.ragline.ingest.documents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.ingest.api.BadRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/documents}: a JSON array of documents (or one document),
 * or JSON Lines with one document a line. Every document is checked before any is
 * published; the error names each bad one by position.
 */
final class DocumentBatch {

	static final int MAX_ERRORS_LISTED = 10;

	private DocumentBatch() {
	}

	static List<DocumentMessage> parse(byte[] body, boolean jsonLines) {
		List<DocumentMessage> documents = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		if (jsonLines) {
			String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
			for (int i = 0; i < lines.length; i++) {
				if (!lines[i].isBlank()) {
					read(lines[i].getBytes(StandardCharsets.UTF_8), "line " + (i + 1), documents, errors);
				}
			}
		}
		else {
			JsonNode json = tree(body);
			if (json.isArray()) {
				for (int i = 0; i < json.size(); i++) {
					read(json.get(i), "documents[" + i + "]", documents, errors);
				}
			}
			else {
				read(json, "the document", documents, errors);
			}
		}
		if (!errors.isEmpty()) {
			throw new BadRequestException(null,
					errors.size() + " of " + (documents.size() + errors.size())
							+ " documents are invalid, so none was published: "
							+ String.join("; ", errors.subList(0, Math.min(MAX_ERRORS_LISTED, errors.size())))
							+ ((errors.size() > MAX_ERRORS_LISTED) ? "; ..." : ""));
		}
		if (documents.isEmpty()) {
			throw new BadRequestException(null,
					"No documents: send a JSON array of {\"id\", \"title\", \"text\"} objects, or JSON Lines");
		}
		return documents;
	}

	private static void read(byte[] line, String where, List<DocumentMessage> documents, List<String> errors) {
		try {
			documents.add(DocumentMessage.read(line, null));
		}
		catch (InvalidMessageException ex) {
			errors.add(where + ": " + ex.getMessage());
		}
	}

	private static void read(JsonNode node, String where, List<DocumentMessage> documents, List<String> errors) {
		try {
			documents.add(DocumentMessage.read(node, null));
		}
		catch (InvalidMessageException ex) {
			errors.add(where + ": " + ex.getMessage());
		}
	}

	private static JsonNode tree(byte[] body) {
		if (body.length == 0) {
			throw new BadRequestException(null, "The request body is empty");
		}
		try {
			return MessageJson.tree(body);
		}
		catch (JacksonException ex) {
			throw new BadRequestException(null, "The request body is not valid JSON: " + ex.getOriginalMessage()
					+ " (for one document a line, send Content-Type: application/x-ndjson)");
		}
	}

}
