package dev.ragline.retriever.index;

import java.util.List;

import dev.ragline.contracts.Passage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PassageIndexTest {

	private final PassageIndex index = new PassageIndex(List.of(
			new Document("sky", "Rayleigh scattering", "The sky is blue because air scatters short wavelengths.", ""),
			new Document("sea", "Oceans", "Seas look blue partly because water absorbs red light.", ""),
			new Document("bread", "Baking", "Bread rises because yeast ferments sugars into gas.", "")), 40);

	@Test
	void ranksTheDocumentThatSharesTheMostStemmedTermsFirst() {
		List<Passage> passages = this.index.search("Why does the sky look blue?", 2);

		assertThat(passages).extracting(Passage::documentId).containsExactly("sky", "sea");
		assertThat(passages.get(0).score()).isGreaterThan(passages.get(1).score());
	}

	@Test
	void matchesTitleWordsAndStems() {
		assertThat(this.index.search("baked breads rising", 1)).extracting(Passage::documentId)
			.containsExactly("bread");
	}

	@Test
	void clipsLongPassagesAndReturnsNothingForStopwordsOnly() {
		assertThat(this.index.search("scattering", 1).get(0).text()).hasSize(41).endsWith("…");
		assertThat(this.index.search("the and of", 3)).isEmpty();
	}

}
