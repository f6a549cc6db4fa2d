package dev.ragline.retriever.index;

import java.util.List;

/**
 * Turns text into unit-length vectors whose dot product measures how alike two texts are.
 */
public interface Embedder {

	int dimensions();

	float[] embed(String text);

	/** Embeds many texts, in parallel where the implementation can. */
	List<float[]> embedAll(List<String> texts);

}
