package dev.ragline.contracts;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of every ragline message and document: UTF-8, ISO-8601 timestamps,
 * unknown fields ignored on read (clients may send more than we know), absent numbers
 * read as 0, no type information. An object with the same key twice is refused: which of
 * the two a reader would take is a guess.
 */
public final class MessageJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		// an absent schemaVersion means the current one (records turn 0 into it)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private MessageJson() {
	}

	/** The mapper behind this class, for code that needs trees or streaming. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	public static byte[] toBytes(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	public static String toString(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	/**
	 * Reads {@code json} as {@code type}.
	 * @throws JacksonException when the bytes are not valid JSON of that shape
	 */
	public static <T> T read(byte[] json, Class<T> type) {
		return MAPPER.readValue(json, type);
	}

	public static <T> T read(String json, Class<T> type) {
		return MAPPER.readValue(json, type);
	}

	public static JsonNode tree(byte[] json) {
		return MAPPER.readTree(json);
	}

	public static <T> T convert(JsonNode node, Class<T> type) {
		return MAPPER.treeToValue(node, type);
	}

}
