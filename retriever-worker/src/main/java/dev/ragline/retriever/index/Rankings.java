package dev.ragline.retriever.index;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.search.ScoreDoc;

/**
 * A question's two ranked passage lists, lexical and dense, before fusion (a list the
 * retrieval mode does not use is empty), with the document of every passage in them when
 * asked for: what an evaluation needs to try several fusions of one search.
 *
 * @param documentIds the document of each passage of both lists, or empty when not asked
 * for
 */
public record Rankings(List<ScoreDoc> lexical, List<ScoreDoc> dense, Map<Integer, String> documentIds) {

	/** Both lists cut at {@code depth} passages. */
	public Rankings top(int depth) {
		return new Rankings(lexical.subList(0, Math.min(depth, lexical.size())),
				dense.subList(0, Math.min(depth, dense.size())), this.documentIds);
	}

	/** The passages in the order {@code mode} ranks them, fused with {@code fusion}. */
	public List<ScoreDoc> ranked(RetrievalMode mode, RankFusion fusion) {
		return switch (mode) {
			case BM25 -> this.lexical;
			case DENSE -> this.dense;
			case HYBRID -> fusion.fuse(this.lexical, this.dense);
		};
	}

	/**
	 * The documents of {@code passages}, each ranked by its best passage, at most
	 * {@code limit}.
	 */
	public List<String> documents(List<ScoreDoc> passages, int limit) {
		Set<String> documents = new LinkedHashSet<>();
		for (ScoreDoc passage : passages) {
			documents.add(this.documentIds.get(passage.doc));
			if (documents.size() == limit) {
				break;
			}
		}
		return List.copyOf(documents);
	}

}
