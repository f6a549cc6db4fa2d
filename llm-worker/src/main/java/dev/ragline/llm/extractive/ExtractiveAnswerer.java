package dev.ragline.llm.extractive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.ragline.contracts.Passage;
import dev.ragline.contracts.RetrievedQuery;

/**
 * Answers without any LLM by quoting the sentences of the best passages that share the
 * most words with the question, each cited as [n]. Used when no LLM backend can answer
 * (none is configured, or the primary failed and no fallback is configured), so the
 * pipeline still answers; results say backend {@code extractive} and the text says why no
 * LLM answered.
 */
public final class ExtractiveAnswerer {

	/** Why no LLM answered, when none is configured at all. */
	public static final String NO_LLM_CONFIGURED = "no LLM is configured";

	static final String NO_PASSAGES = "No passage in the collection matches this question.";

	private static final int MAX_SENTENCES = 3;

	private static final int MIN_WORD_LENGTH = 3;

	private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

	private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

	private static final Set<String> STOPWORDS = Set.of("the", "and", "for", "are", "was", "were", "with", "that",
			"this", "from", "have", "has", "had", "does", "did", "not", "but", "what", "which", "who", "how", "why",
			"when", "where", "can", "could", "would", "should", "into", "than", "then", "there", "their", "its",
			"about", "between", "more", "less");

	private ExtractiveAnswerer() {
	}

	/**
	 * The answer, opening with why no LLM gave it.
	 * @param whyNoLlm e.g. {@value #NO_LLM_CONFIGURED}
	 */
	public static String answer(RetrievedQuery query, String whyNoLlm) {
		List<Passage> passages = query.passages();
		if (passages.isEmpty()) {
			return NO_PASSAGES;
		}
		Set<String> questionWords = words(query.query().question());
		List<Scored> sentences = new ArrayList<>();
		for (int i = 0; i < passages.size(); i++) {
			int position = 0;
			for (String sentence : SENTENCE_END.split(passages.get(i).text())) {
				Set<String> overlap = words(sentence);
				overlap.retainAll(questionWords);
				sentences.add(new Scored(sentence.strip(), i + 1, overlap.size(), position++));
			}
		}
		List<Scored> best = sentences.stream()
			.filter((sentence) -> !sentence.text().isEmpty())
			.sorted(Comparator.comparingInt(Scored::score)
				.reversed()
				.thenComparingInt(Scored::passage)
				.thenComparingInt(Scored::position))
			.limit(MAX_SENTENCES)
			.toList();
		StringBuilder answer = new StringBuilder(prefix(whyNoLlm));
		for (Scored sentence : best) {
			answer.append(sentence.text()).append(" [").append(sentence.passage()).append("] ");
		}
		return answer.toString().strip();
	}

	static String prefix(String whyNoLlm) {
		return "Extractive answer (" + whyNoLlm + "; quoted from the passages): ";
	}

	private static Set<String> words(String text) {
		Set<String> words = new HashSet<>();
		for (String word : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
			if (word.length() >= MIN_WORD_LENGTH && !STOPWORDS.contains(word)) {
				words.add(word);
			}
		}
		return words;
	}

	private record Scored(String text, int passage, int score, int position) {

	}

}
