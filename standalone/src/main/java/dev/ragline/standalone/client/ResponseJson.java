package dev.ragline.standalone.client;

import dev.ragline.contracts.MessageJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads what query-ingest answers with the mapper every ragline document is written with,
 * so the client reads a document exactly as the services wrote it; and indents it for
 * {@code --json}.
 */
final class ResponseJson {

	private ResponseJson() {
	}

	/**
	 * Reads {@code json} as {@code type}.
	 * @throws QueryIngestException when it is not JSON of that shape: whatever answered
	 * is not the query-ingest this client knows
	 */
	static <T> T read(String json, Class<T> type) {
		try {
			return MessageJson.read(json, type);
		}
		catch (JacksonException ex) {
			throw unexpected(type.getSimpleName(), ex);
		}
	}

	/** {@code json} indented, with its fields in the order received. */
	static String pretty(String json) {
		try {
			JsonNode tree = MessageJson.mapper().readTree(json);
			return MessageJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
		}
		catch (JacksonException ex) {
			throw unexpected("JSON", ex);
		}
	}

	private static QueryIngestException unexpected(String expected, JacksonException ex) {
		return new QueryIngestException(
				"unexpected answer from query-ingest (not " + expected + "): " + ex.getOriginalMessage(), ex);
	}

}
