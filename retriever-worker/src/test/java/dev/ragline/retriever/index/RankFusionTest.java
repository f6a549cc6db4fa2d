package dev.ragline.retriever.index;

import java.util.List;

import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RankFusionTest {

	@Test
	void ranksWhatBothListsRankHighAboveWhatOnlyOneRanksFirst() {
		List<ScoreDoc> lexical = List.of(hit(1), hit(2), hit(3));
		List<ScoreDoc> semantic = List.of(hit(4), hit(2), hit(1));

		List<ScoreDoc> fused = new RankFusion(60).fuse(lexical, semantic);

		assertThat(fused).extracting((hit) -> hit.doc).containsExactly(1, 2, 4, 3);
		assertThat(fused.get(0).score).isEqualTo((float) (1.0 / 61 + 1.0 / 63));
	}

	private static ScoreDoc hit(int doc) {
		return new ScoreDoc(doc, 0);
	}

	@Test
	void aHeavierDenseListOutranksTheLexicalOneOnATie() {
		List<ScoreDoc> fused = new RankFusion(60, 1.5).fuse(List.of(hit(1)), List.of(hit(2)));

		assertThat(fused).extracting((hit) -> hit.doc).containsExactly(2, 1);
		assertThat(fused.get(0).score).isEqualTo((float) (1.5 / 61));
	}

}
