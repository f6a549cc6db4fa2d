package dev.ragline.retriever.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.search.ScoreDoc;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an item's fused score is
 * the sum over the ranked lists of {@code weight / (k + rank)}. It needs no score
 * calibration between BM25 and vector similarity, which is why it works the same on any
 * corpus.
 *
 * @param k how much weight the top ranks get over lower ones; 60 in the original paper
 * @param denseWeight the semantic list's weight against the lexical list's 1
 */
public record RankFusion(int k, double denseWeight) {

	public static final int DEFAULT_K = 60;

	public static final double DEFAULT_DENSE_WEIGHT = 1.0;

	/** Plain reciprocal rank fusion: both lists count the same. */
	public RankFusion(int k) {
		this(k, DEFAULT_DENSE_WEIGHT);
	}

	/**
	 * One list, best first, with fused scores. Ties keep the order of first appearance.
	 */
	public List<ScoreDoc> fuse(List<ScoreDoc> lexical, List<ScoreDoc> dense) {
		Map<Integer, Double> scores = new LinkedHashMap<>();
		add(scores, lexical, 1.0);
		add(scores, dense, this.denseWeight);
		List<ScoreDoc> fused = new ArrayList<>(scores.size());
		scores.forEach((doc, score) -> fused.add(new ScoreDoc(doc, score.floatValue())));
		fused.sort(Comparator.comparingDouble((ScoreDoc hit) -> hit.score).reversed());
		return fused;
	}

	private void add(Map<Integer, Double> scores, List<ScoreDoc> ranking, double weight) {
		for (int rank = 0; rank < ranking.size(); rank++) {
			scores.merge(ranking.get(rank).doc, weight / (this.k + rank + 1), Double::sum);
		}
	}

	@Override
	public String toString() {
		return "RRF k = " + this.k + ", dense weight " + this.denseWeight;
	}

}
