package dev.ragline.retriever.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.search.ScoreDoc;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an item's fused score is
 * the sum over the ranked lists of {@code 1 / (k + rank)}. It needs no score calibration
 * between BM25 and vector similarity, which is why it works the same on any corpus.
 *
 * @param k how much weight the top ranks get over lower ones; 60 in the original paper
 */
public record RankFusion(int k) {

	public static final int DEFAULT_K = 60;

	/**
	 * One list, best first, with fused scores. Ties keep the order of first appearance.
	 */
	public List<ScoreDoc> fuse(List<List<ScoreDoc>> rankings) {
		Map<Integer, Double> scores = new LinkedHashMap<>();
		for (List<ScoreDoc> ranking : rankings) {
			for (int rank = 0; rank < ranking.size(); rank++) {
				scores.merge(ranking.get(rank).doc, 1.0 / (this.k + rank + 1), Double::sum);
			}
		}
		List<ScoreDoc> fused = new ArrayList<>(scores.size());
		scores.forEach((doc, score) -> fused.add(new ScoreDoc(doc, score.floatValue())));
		fused.sort(Comparator.comparingDouble((ScoreDoc hit) -> hit.score).reversed());
		return fused;
	}

}
