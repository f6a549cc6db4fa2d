package dev.ragline.resultstore;

import java.util.function.Function;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryStatus;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The fields of a stored result document that its waiters decide on, read from the JSON
 * without binding the whole document: a DONE document carries its answer and passages
 * (about 9 KB with four), and a long poll only needs to know whether it is final.
 */
public final class DocumentPeek {

	private DocumentPeek() {
	}

	/**
	 * The document's status.
	 * @throws IllegalArgumentException when {@code json} is not an object with a known
	 * status
	 */
	public static QueryStatus status(String json) {
		QueryStatus status = field(json, "status", (parser) -> {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				throw new IllegalArgumentException("status is not a string");
			}
			return QueryStatus.valueOf(parser.getString());
		});
		if (status == null) {
			throw new IllegalArgumentException("the document has no status");
		}
		return status;
	}

	/** The document's version, 0 when it has none (as {@link MessageJson} reads it). */
	public static long version(String json) {
		Long version = field(json, "version", JsonParser::getLongValue);
		return (version != null) ? version : 0;
	}

	/** The value of a top-level field, or null when the object does not have it. */
	private static <T> T field(String json, String name, Function<JsonParser, T> read) {
		try (JsonParser parser = MessageJson.mapper().createParser(json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("a result document is a JSON object");
			}
			for (String field = parser.nextName(); field != null; field = parser.nextName()) {
				parser.nextToken();
				if (name.equals(field)) {
					return read.apply(parser);
				}
				parser.skipChildren();
			}
			return null;
		}
	}

}
