package dev.ragline.embedding;

import java.util.List;

/**
 * Turns text into unit-length vectors whose dot product measures how alike two texts are.
 * Queries and passages are embedded apart: some models want an instruction before a
 * query.
 */
public interface Embedder {

	/**
	 * Names the model and whatever changes its vectors: an index built with one name is
	 * never searched with another.
	 */
	String name();

	int dimensions();

	/**
	 * Returns once this embedder can embed: an embedder whose model loads in the
	 * background waits for it here.
	 * @throws IllegalStateException when the model could not be loaded
	 */
	default void awaitLoaded() {
	}

	float[] embedQuery(String question);

	/** Embeds passages, in parallel where the implementation can. */
	List<float[]> embedPassages(List<String> passages);

}
