package dev.ragline.contracts;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentMessageTest {

	@Test
	void readsIdTitleTextAndSourceAndAcceptsBeirStyleIds() {
		assertThat(read("{\"id\":\"d1\",\"title\":\"T\",\"text\":\"Body\",\"source\":\"s\",\"extra\":1}", null))
			.isEqualTo(DocumentMessage.of("d1", "T", "Body", "s"));
		assertThat(read("{\"_id\":\"4983\",\"title\":\"T\",\"text\":\"Body\",\"metadata\":{}}", null).id())
			.isEqualTo("4983");
		assertThat(read("{\"text\":\"Body\"}", "from-key").id()).isEqualTo("from-key");
	}

	@Test
	void saysWhatIsWrongWithAnInvalidDocument() {
		assertInvalid("not json", "k", InvalidMessageException.INVALID_JSON, "Not valid UTF-8 JSON");
		assertInvalid("[1]", "k", InvalidMessageException.INVALID_MESSAGE, "must be a JSON object");
		assertInvalid("{\"id\":\"d\"}", null, InvalidMessageException.INVALID_MESSAGE, "text is missing or blank");
		assertInvalid("{\"text\":\"t\"}", null, InvalidMessageException.INVALID_MESSAGE, "id is missing");
		assertInvalid("{\"id\":\"d\",\"text\":7}", null, InvalidMessageException.INVALID_MESSAGE,
				"text must be a string, not number");
		assertInvalid("{\"id\":\"a\",\"text\":\"t\"}", "b", InvalidMessageException.ID_MISMATCH, "different documents");
	}

	private static DocumentMessage read(String json, String key) {
		return DocumentMessage.read(json.getBytes(StandardCharsets.UTF_8), key);
	}

	private static void assertInvalid(String json, String key, String reason, String message) {
		assertThatThrownBy(() -> read(json, key))
			.isInstanceOfSatisfying(InvalidMessageException.class, (ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.hasMessageContaining(message);
	}

}
