package dev.ragline.retriever.index;

import dev.ragline.embedding.EmbeddingModel;

/** How passages are ranked for a question. */
public enum RetrievalMode {

	/** Lexical: BM25 over title and text (English stopwords, Porter stemming). */
	BM25,

	/**
	 * Semantic: nearest neighbours of the question's embedding (HNSW), with the
	 * configured {@link EmbeddingModel}.
	 */
	DENSE,

	/** Both lists fused with reciprocal rank fusion. */
	HYBRID;

	public boolean needsEmbeddings() {
		return this != BM25;
	}

}
