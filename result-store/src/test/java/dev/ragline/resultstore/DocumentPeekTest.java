package dev.ragline.resultstore;

import java.time.Instant;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DocumentPeekTest {

	@Test
	void readsStatusAndVersionOfAStoredDocumentAsBindingItWould() {
		Instant now = Instant.parse("2026-12-08T10:00:00Z");
		QueryResult done = QueryResult.create("q-1", "Why?", QueryStatus.QUEUED, now)
			.toBuilder()
			.status(QueryStatus.DONE, now.plusSeconds(1))
			.sources(List.of(new Passage("d1", "title", "text", 1.5)))
			.version(7)
			.build();
		String json = MessageJson.toString(done);

		assertThat(DocumentPeek.status(json)).isEqualTo(done.status());
		assertThat(DocumentPeek.version(json)).isEqualTo(done.version());
	}

	@Test
	void onlyTopLevelFieldsCountWhereverTheyStand() {
		String json = """
				{"attempts":[{"status":"FAILED","version":3}],"error":{"status":"FAILED"},
				 "version":12,"nested":{"deeper":{"status":"DONE"}},"status":"GENERATING"}""";

		assertThat(DocumentPeek.status(json)).isEqualTo(QueryStatus.GENERATING);
		assertThat(DocumentPeek.version(json)).isEqualTo(12);
	}

	@Test
	void aDocumentWithoutVersionIsVersionZero() {
		assertThat(DocumentPeek.version("{\"id\":\"q\",\"status\":\"QUEUED\"}")).isZero();
	}

	@Test
	void refusesWhatIsNoResultDocument() {
		assertThatIllegalArgumentException().isThrownBy(() -> DocumentPeek.status("{\"id\":\"q\"}"))
			.withMessageContaining("no status");
		assertThatIllegalArgumentException().isThrownBy(() -> DocumentPeek.status("[1,2]"))
			.withMessageContaining("JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> DocumentPeek.status("{\"status\":\"LOST\"}"));
		assertThatIllegalArgumentException().isThrownBy(() -> DocumentPeek.status("{\"status\":4}"))
			.withMessageContaining("not a string");
	}

}
