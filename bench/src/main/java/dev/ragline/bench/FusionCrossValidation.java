package dev.ragline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.retriever.index.RankFusion;
import dev.ragline.retriever.index.Rankings;
import dev.ragline.retriever.index.RetrievalMode;

/**
 * Tunes hybrid fusion (RRF {@code k}, the dense list's weight, the depth of each list)
 * without scoring a choice on the queries it was chosen on: 2-fold cross-validation over
 * the judged queries (even and odd numeric ids), each fold's best settings scored on the
 * other fold, the two held-out scores averaged. Each question is searched once; every
 * setting fuses the same two lists.
 */
final class FusionCrossValidation {

	static final int[] K = { 5, 10, 20, 30, 40, 60, 80, 100 };

	static final double[] DENSE_WEIGHT = { 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0 };

	/** Passages read from each list before fusion. */
	static final int[] DEPTH = { 50, 100, 200, 400 };

	private final Judgements judgements;

	private final Map<String, Rankings> rankings = new LinkedHashMap<>();

	FusionCrossValidation(PassageIndex index, Judgements judgements) {
		this.judgements = judgements;
		int deepest = DEPTH[DEPTH.length - 1];
		judgements.queries()
			.forEach((id, text) -> this.rankings.put(id, index.rankings(text, RetrievalMode.HYBRID, deepest)));
	}

	/** Prints each fold's choice and its held-out score, next to the shipped defaults. */
	void print(RankFusion defaults, int defaultDepth) {
		if (defaultDepth > DEPTH[DEPTH.length - 1]) {
			throw new IllegalArgumentException("the shipped depth " + defaultDepth + " is deeper than the lists read");
		}
		Predicate<String> even = (id) -> fold(id) == 0;
		Predicate<String> odd = even.negate();
		Setting shipped = new Setting(defaults, defaultDepth);
		Setting onEven = best(even);
		Setting onOdd = best(odd);
		double heldOutOdd = ndcg(onEven, odd);
		double heldOutEven = ndcg(onOdd, even);
		System.out.printf("%nHybrid fusion tuned by 2-fold cross-validation (folds: even and odd query ids; "
				+ "%d settings: RRF k x dense weight x depth); each fold's choice is scored on the other fold:%n%n",
				K.length * DENSE_WEIGHT.length * DEPTH.length);
		List<String[]> rows = new ArrayList<>();
		rows.add(row("even ids", onEven, ndcg(onEven, even), "odd ids", heldOutOdd, ndcg(shipped, odd)));
		rows.add(row("odd ids", onOdd, ndcg(onOdd, odd), "even ids", heldOutEven, ndcg(shipped, even)));
		Table.print(new String[] { "chosen on", "settings", "nDCG@10 there", "scored on", "nDCG@10 held out",
				"shipped defaults there" }, rows);
		System.out.printf("%nHeld-out mean: %.4f; the shipped defaults (%s, lists %d deep) on all queries: %.4f%n",
				(heldOutOdd + heldOutEven) / 2, defaults, defaultDepth, ndcg(shipped, (id) -> true));
		System.out.printf("(Every setting cuts its lists from one %d-deep search per question; approximate nearest "
				+ "neighbours found at another depth differ slightly, so the defaults score a little differently "
				+ "in the table above.)%n", DEPTH[DEPTH.length - 1]);
	}

	private Setting best(Predicate<String> fold) {
		Setting best = null;
		double bestScore = -1;
		for (int depth : DEPTH) {
			for (int k : K) {
				for (double weight : DENSE_WEIGHT) {
					Setting setting = new Setting(new RankFusion(k, weight), depth);
					double score = ndcg(setting, fold);
					if (score > bestScore) {
						best = setting;
						bestScore = score;
					}
				}
			}
		}
		return best;
	}

	/** Mean nDCG@10 of {@code setting} over the queries in {@code fold}. */
	private double ndcg(Setting setting, Predicate<String> fold) {
		double sum = 0;
		int count = 0;
		for (Map.Entry<String, Rankings> query : this.rankings.entrySet()) {
			if (!fold.test(query.getKey())) {
				continue;
			}
			Rankings lists = query.getValue().top(setting.depth());
			List<String> ranking = lists.documents(lists.ranked(RetrievalMode.HYBRID, setting.fusion()),
					RetrievalEvaluation.RECALL_DEPTH + 1);
			sum += this.judgements.ndcg(query.getKey(),
					ranking.stream().filter((id) -> !id.equals(query.getKey())).toList(),
					RetrievalEvaluation.NDCG_DEPTH);
			count++;
		}
		return (count > 0) ? sum / count : 0;
	}

	/** Even or odd numeric id; other ids by their hash. */
	private static int fold(String id) {
		try {
			return (int) (Long.parseLong(id) % 2);
		}
		catch (NumberFormatException ex) {
			return Math.floorMod(id.hashCode(), 2);
		}
	}

	private static String[] row(String chosenOn, Setting setting, double own, String scoredOn, double heldOut,
			double shipped) {
		return new String[] { chosenOn, setting.toString(), String.format("%.4f", own), scoredOn,
				String.format("%.4f", heldOut), String.format("%.4f", shipped) };
	}

	/** One fusion setting: how the lists are fused and how deep each one goes. */
	record Setting(RankFusion fusion, int depth) {

		@Override
		public String toString() {
			return this.fusion + ", lists " + this.depth + " deep";
		}

	}

}
