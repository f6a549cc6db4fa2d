package dev.ragline.ingest.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.ragline.ingest.api.BadRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmitQueryRequestTest {

	private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

	@Test
	void readsTheQuestionTrimmedWithOptionalSettings() {
		SubmitQueryRequest request = parse(
				"{\"question\":\"  Why?  \",\"topK\":3,\"maxTokens\":100,\"temperature\":0.7,"
						+ "\"deadline\":\"2026-11-27T13:00:00Z\",\"cache\":false}");

		assertThat(request)
			.isEqualTo(new SubmitQueryRequest("Why?", 3, 100, 0.7, Instant.parse("2026-11-27T13:00:00Z"), false));
		assertThat(parse("{\"question\":\"Why?\"}").cache()).isTrue();
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
		assertRejected("{\"question\":\"q\",\"deadline\":\"tomorrow\"}", "deadline", "ISO-8601 instant");
		assertRejected("{\"question\":\"q\",\"deadline\":\"2026-11-27T11:00:00Z\"}", "deadline", "has already passed");
		assertRejected("{\"question\":\"q\",\"cache\":\"no\"}", "cache", "true or false");
		assertRejected("{\"question\":\"half \\ud800 pair\"}", "question", "half of a UTF-16 surrogate pair");
		assertThat(parse("{\"question\":\"emoji \\ud83d\\ude00 fine\"}").question())
			.isEqualTo("emoji \ud83d\ude00 fine");
	}

	private static void assertRejected(String body, String field, String message) {
		assertThatThrownBy(() -> parse(body))
			.isInstanceOfSatisfying(BadRequestException.class, (ex) -> assertThat(ex.field()).isEqualTo(field))
			.hasMessageContaining(message);
	}

	private static SubmitQueryRequest parse(String body) {
		return SubmitQueryRequest.parse(body.getBytes(StandardCharsets.UTF_8), NOON);
	}

}
