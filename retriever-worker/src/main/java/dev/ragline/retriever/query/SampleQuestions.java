package dev.ragline.retriever.query;

import java.util.List;

/**
 * Questions on the topics of the sample corpus ({@code SampleCorpus}), for whatever has
 * to ask many: the retriever's warm-up, {@code ./ragline}'s training start and the
 * benchmarks. Numbered, each is a question of its own (never an answer-cache hit), yet
 * they find real passages.
 */
public final class SampleQuestions {

	private static final List<String> QUESTIONS = List.of("Does vitamin D deficiency affect parathyroid hormone?",
			"How does sleep affect memory and learning?", "Which genes are linked to the risk of cancer?",
			"Does regular exercise lower blood pressure in older adults?",
			"What role do gut bacteria play in the immune response?",
			"How do antibiotics change the treatment of infections?",
			"What is known about insulin resistance and type 2 diabetes?",
			"Which proteins regulate cell growth and division?");

	private SampleQuestions() {
	}

	/**
	 * The {@code n}-th question, marked with {@code label} and {@code n}, e.g. "How does
	 * sleep affect memory and learning? (bench #1)".
	 */
	public static String numbered(int n, String label) {
		return QUESTIONS.get(Math.floorMod(n, QUESTIONS.size())) + " (" + label + " #" + n + ")";
	}

}
