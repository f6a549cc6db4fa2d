package dev.ragline.retriever.index;

import java.util.List;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.Passage;
import dev.ragline.embedding.Embedder;
import dev.ragline.embedding.FixedEmbedder;
import dev.ragline.embedding.EmbeddingModel;
import dev.ragline.embedding.OnnxEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PassageIndexTest {

	private static OnnxEmbedder embedder;

	private static PassageIndex index;

	@BeforeAll
	static void build() {
		embedder = new OnnxEmbedder(EmbeddingModel.BGE_SMALL_EN_V15, 2);
		index = new PassageIndex(new PassageSplitter(12, 4), embedder, new RankFusion(RankFusion.DEFAULT_K));
		index.upsert(List.of(
				DocumentMessage.of("sky", "Rayleigh scattering",
						"The sky is blue because air scatters short wavelengths.", ""),
				DocumentMessage.of("sea", "Oceans", "Seas look blue partly because water absorbs red light.", ""),
				DocumentMessage.of("bread", "Baking",
						"Bread rises because yeast ferments sugars into carbon dioxide gas.", ""),
				DocumentMessage.of("long", "A long story",
						"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
								+ "sixteen seventeen eighteen nineteen twenty dragons",
						"")));
		index.refresh();
	}

	@AfterAll
	static void close() throws Exception {
		index.close();
		embedder.close();
	}

	@Test
	void ranksTheDocumentSharingTheMostStemmedTermsFirstWithBm25() {
		List<Passage> passages = index.search("Why does the sky look blue?", 2, RetrievalMode.BM25, 10);

		assertThat(passages).extracting(Passage::documentId).containsExactly("sky", "sea");
		assertThat(passages.get(0).score()).isGreaterThan(passages.get(1).score());
		assertThat(index.search("baked breads rising", 1, RetrievalMode.BM25, 10)).extracting(Passage::documentId)
			.containsExactly("bread");
	}

	@Test
	void findsByMeaningWithoutSharedWordsWithDenseRetrieval() {
		List<Passage> passages = index.search("How does dough get fluffy?", 1, RetrievalMode.DENSE, 10);

		assertThat(passages).extracting(Passage::documentId).containsExactly("bread");
		assertThat(index.search("How does dough get fluffy?", 1, RetrievalMode.BM25, 10)).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(RetrievalMode.class)
	void answersEveryModeWithTheBestPassageFirst(RetrievalMode mode) {
		assertThat(index.search("Why is the sky blue? Rayleigh scattering", 3, mode, 10)).first()
			.extracting(Passage::documentId)
			.isEqualTo("sky");
	}

	@Test
	void splitsLongDocumentsIntoOverlappingPassagesThatCiteTheDocument() {
		List<Passage> passages = index.search("dragons", 5, RetrievalMode.BM25, 10);

		assertThat(passages).extracting(Passage::documentId).containsExactly("long");
		assertThat(passages.get(0).text()).startsWith("seventeen").endsWith("dragons");
		assertThat(index.size()).isEqualTo(new PassageIndex.Size(4, 6));
	}

	@Test
	void replacesAndDeletesDocumentsById() throws Exception {
		try (PassageIndex own = new PassageIndex(new PassageSplitter(100, 10), null, new RankFusion(60))) {
			own.upsert(List.of(DocumentMessage.of("d", "", "apples", "")));
			own.refresh();
			own.upsert(List.of(DocumentMessage.of("d", "", "oranges", "")));
			own.refresh();
			assertThat(own.search("apples", 3, RetrievalMode.BM25, 10)).isEmpty();
			assertThat(own.search("oranges", 3, RetrievalMode.BM25, 10)).hasSize(1);

			own.delete("d");
			own.refresh();
			assertThat(own.size()).isEqualTo(new PassageIndex.Size(0, 0));
			assertThatThrownBy(() -> own.search("oranges", 3, RetrievalMode.HYBRID, 10))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("needs embeddings");
		}
	}

	@Test
	void aHybridSearchWhoseQuestionCannotBeEmbeddedFailsWithThatError() throws Exception {
		Embedder failing = new FixedEmbedder(new IllegalStateException("model gone"));
		try (PassageIndex own = new PassageIndex(new PassageSplitter(100, 10), failing, new RankFusion(60))) {
			own.upsert(List.of(DocumentMessage.of("d", "", "apples", "")));
			own.refresh();

			// the BM25 half, run on another thread, ends before the searcher is released
			assertThatThrownBy(() -> own.search("apples", 3, RetrievalMode.HYBRID, 10))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("model gone");
			assertThat(own.search("apples", 3, RetrievalMode.BM25, 10)).hasSize(1);
		}
	}

	@Test
	void returnsNothingForAQuestionOfStopwordsOnlyWithBm25() {
		assertThat(index.search("the and of", 3, RetrievalMode.BM25, 10)).isEmpty();
	}

}
