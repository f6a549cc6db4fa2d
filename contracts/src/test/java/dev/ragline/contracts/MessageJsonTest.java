package dev.ragline.contracts;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageJsonTest {

	@Test
	void readsAQueryWithOnlyIdAndQuestionAndIgnoresUnknownFields() {
		QueryMessage query = MessageJson.read("{\"id\":\"q1\",\"question\":\"Why?\",\"client\":\"kcat\"}",
				QueryMessage.class);

		assertThat(query.id()).isEqualTo("q1");
		assertThat(query.question()).isEqualTo("Why?");
		assertThat(query.schemaVersion()).isEqualTo(QueryMessage.SCHEMA_VERSION);
		assertThat(query.topK()).isNull();
	}

	@Test
	void rejectsAQueryWithoutQuestionSayingSo() {
		assertThatThrownBy(() -> MessageJson.read("{\"id\":\"q1\"}", QueryMessage.class))
			.hasRootCauseMessage("question is missing or blank");
	}

	@Test
	void writesTimestampsAsIsoStringsAndRoundTripsTheResultDocument() {
		Instant now = Instant.parse("2026-11-27T12:00:00Z");
		QueryResult result = QueryResult.create("q1", "Why?", QueryStatus.QUEUED, now)
			.toBuilder()
			.status(QueryStatus.DONE, now.plusSeconds(2))
			.answer("Because.")
			.sources(List.of(new Passage("d1", "Title", "Text", 1.5)))
			.backend(Backends.VLLM)
			.build();

		String json = MessageJson.toString(result);

		assertThat(json).contains("\"QUEUED\":\"2026-11-27T12:00:00Z\"", "\"status\":\"DONE\"");
		assertThat(MessageJson.read(json, QueryResult.class)).isEqualTo(result);
	}

	@Test
	void rejectsTrailingGarbage() {
		assertThatThrownBy(() -> MessageJson.read("{\"id\":\"q1\",\"question\":\"Why?\"} trailing", QueryMessage.class))
			.isInstanceOf(tools.jackson.core.JacksonException.class);
	}

}
