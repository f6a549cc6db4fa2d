package dev.ragline.ingest.query;

import dev.ragline.ingest.api.BadRequestException;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmitQueryRequestTest {

	@Test
	void readsTheQuestionTrimmedWithOptionalSettings() {
		SubmitQueryRequest request = parse(
				"{\"question\":\"  Why?  \",\"topK\":3,\"maxTokens\":100,\"temperature\":0.7}");

		assertThat(request).isEqualTo(new SubmitQueryRequest("Why?", 3, 100, 0.7));
	}

	@Test
	void namesTheFieldAndWhatToSendWhenSomethingIsWrong() {
		assertRejected("", null, "The request body is empty");
		assertRejected("{\"question\":", null, "not valid JSON");
		assertRejected("[1]", null, "must be a JSON object");
		assertRejected("{}", "question", "question is required");
		assertRejected("{\"question\":42}", "question", "question must be a string, not the number 42");
		assertRejected("{\"question\":\"   \"}", "question", "question must not be blank");
		assertRejected("{\"question\":\"a\\u0000b\"}", "question", "control character U+0000");
		assertRejected("{\"question\":\"" + "x".repeat(4001) + "\"}", "question", "at most 4000");
		assertRejected("{\"question\":\"q\",\"topK\":\"5\"}", "topK", "topK must be a whole number, not a string");
		assertRejected("{\"question\":\"q\",\"topK\":2.5}", "topK", "whole number");
		assertRejected("{\"question\":\"q\",\"topK\":99}", "topK", "between 1 and 50");
		assertRejected("{\"question\":\"q\",\"temperature\":3}", "temperature", "between 0 and 2.0");
	}

	private static void assertRejected(String body, String field, String message) {
		assertThatThrownBy(() -> parse(body))
			.isInstanceOfSatisfying(BadRequestException.class, (ex) -> assertThat(ex.field()).isEqualTo(field))
			.hasMessageContaining(message);
	}

	private static SubmitQueryRequest parse(String body) {
		return SubmitQueryRequest.parse(body.getBytes(StandardCharsets.UTF_8));
	}

}
