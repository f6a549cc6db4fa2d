package dev.ragline.retriever.query;

import java.nio.charset.StandardCharsets;

import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.QueryMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryMessageReaderTest {

	@Test
	void takesTheIdFromTheKeyWhenTheBodyHasNone() {
		QueryMessage query = QueryMessageReader.read("my-id-1", bytes("{\"question\":\"Why?\"}"));

		assertThat(query.id()).isEqualTo("my-id-1");
		assertThat(query.question()).isEqualTo("Why?");
	}

	@Test
	void takesTheIdFromTheBodyWhenThereIsNoKey() {
		assertThat(QueryMessageReader.read(null, bytes("{\"id\":\"b1\",\"question\":\"Why?\"}")).id()).isEqualTo("b1");
	}

	@Test
	void keepsOptionalSettings() {
		QueryMessage query = QueryMessageReader.read("k",
				bytes("{\"question\":\"Why?\",\"topK\":7,\"maxTokens\":64,\"temperature\":0.5}"));

		assertThat(query.topK()).isEqualTo(7);
		assertThat(query.maxTokens()).isEqualTo(64);
		assertThat(query.temperature()).isEqualTo(0.5);
	}

	@Test
	void rejectsAnythingThatIsNotJson() {
		assertInvalid("k", bytes("not json"), InvalidMessageException.INVALID_JSON, "not valid UTF-8 JSON");
		assertInvalid("k", new byte[] { (byte) 0xC3, (byte) 0x28 }, InvalidMessageException.INVALID_JSON,
				"not valid UTF-8 JSON");
		assertInvalid("k", new byte[0], InvalidMessageException.INVALID_JSON, "empty");
	}

	@Test
	void rejectsARecordWithoutQuestion() {
		assertInvalid("k", bytes("{\"id\":\"k\"}"), InvalidMessageException.INVALID_MESSAGE,
				"question is missing or blank");
		assertInvalid("k", bytes("{\"question\":\"  \"}"), InvalidMessageException.INVALID_MESSAGE,
				"question is missing or blank");
		assertInvalid("k", bytes("{\"question\":42}"), InvalidMessageException.INVALID_MESSAGE,
				"question must be a string");
		assertInvalid("k", bytes("[\"question\"]"), InvalidMessageException.INVALID_MESSAGE, "JSON object");
	}

	@Test
	void rejectsAQuestionThatIsNotText() {
		assertInvalid("k", bytes("{\"question\":\"half \\ud800 pair\"}"), InvalidMessageException.INVALID_MESSAGE,
				"surrogate pair");
		assertInvalid("k", bytes("{\"question\":\"bell \\u0007\"}"), InvalidMessageException.INVALID_MESSAGE,
				"control character U+0007");
	}

	@Test
	void rejectsARecordWithNeitherKeyNorId() {
		assertInvalid(null, bytes("{\"question\":\"Why?\"}"), InvalidMessageException.INVALID_MESSAGE, "id is missing");
	}

	@Test
	void rejectsABodyIdThatContradictsTheKey() {
		assertInvalid("a", bytes("{\"id\":\"b\",\"question\":\"Why?\"}"), InvalidMessageException.ID_MISMATCH,
				"name different queries");
	}

	@Test
	void rejectsSettingsOutOfRange() {
		assertInvalid("k", bytes("{\"question\":\"Why?\",\"topK\":0}"), InvalidMessageException.INVALID_MESSAGE,
				"topK must be between 1 and");
	}

	private static void assertInvalid(String key, byte[] value, String reason, String message) {
		assertThatThrownBy(() -> QueryMessageReader.read(key, value))
			.isInstanceOfSatisfying(InvalidMessageException.class, (ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.hasMessageContaining(message);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
