package dev.ragline.retriever.index;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a document's text into passages of at most {@code words} words, each starting
 * {@code words - overlap} words after the previous one, so a sentence cut at a boundary
 * is whole in the next passage. Documents no longer than one passage stay whole.
 */
public final class PassageSplitter {

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final int words;

	private final int overlap;

	public PassageSplitter(int words, int overlap) {
		if (words < 1 || overlap < 0 || overlap >= words) {
			throw new IllegalArgumentException(
					"passage size must be positive and larger than the overlap: " + words + "/" + overlap);
		}
		this.words = words;
		this.overlap = overlap;
	}

	public List<String> split(String text) {
		String[] tokens = WHITESPACE.split(text.strip());
		if (tokens.length <= this.words) {
			return List.of(text.strip());
		}
		List<String> passages = new ArrayList<>();
		int step = this.words - this.overlap;
		for (int start = 0; start < tokens.length; start += step) {
			int end = Math.min(tokens.length, start + this.words);
			passages.add(String.join(" ", java.util.Arrays.copyOfRange(tokens, start, end)));
			if (end == tokens.length) {
				break;
			}
		}
		return passages;
	}

	/** Its settings, as {@code words/overlap}. */
	@Override
	public String toString() {
		return this.words + "/" + this.overlap;
	}

}
