package dev.ragline.llm.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ragline.contracts.Passage;

/**
 * Fits a question and its passages into a model's context: the instruction and the
 * question are kept whole, passages are added by rank while they fit, the first one that
 * does not fit is cut at a word boundary (when enough of it fits to say something), and
 * the rest are left out.
 *
 * <p>
 * Tokens are estimated from characters: English text averages about four characters a
 * token, so {@link #ESTIMATED_CHARS_PER_TOKEN} errs on the side of fitting. When a server
 * refuses a prompt anyway and reports how many tokens it counted, the caller fits again
 * with the ratio that server measured.
 */
public final class PromptBudget {

	/** Characters per token assumed until a server says otherwise. */
	public static final double ESTIMATED_CHARS_PER_TOKEN = 3.0;

	/** Tokens a chat template adds around the messages (roles, special tokens). */
	public static final int TEMPLATE_TOKENS = 32;

	/** A passage cut shorter than this says too little to be worth sending. */
	static final int MIN_PASSAGE_CHARACTERS = 200;

	private static final String CUT_MARK = " …";

	private PromptBudget() {
	}

	/**
	 * A prompt and the passages it holds.
	 *
	 * @param messages the chat messages
	 * @param passages the passages in it, the last one possibly cut
	 * @param characters the length of all message contents together
	 */
	public record Prompt(List<ChatMessage> messages, List<Passage> passages, int characters) {

		/** The tokens this prompt is estimated to take at {@code charsPerToken}. */
		public int estimatedTokens(double charsPerToken) {
			return (int) Math.ceil(this.characters / charsPerToken) + TEMPLATE_TOKENS;
		}

	}

	/** The prompt with every passage: no budget known. */
	public static Prompt whole(String question, List<Passage> passages) {
		return prompt(question, passages);
	}

	/**
	 * The prompt within {@code maxTokens}.
	 * @return empty when no passage fits, not even cut (or, without passages, when the
	 * question itself does not)
	 */
	public static Optional<Prompt> fit(String question, List<Passage> passages, int maxTokens, double charsPerToken) {
		long maxCharacters = (long) Math.floor((maxTokens - TEMPLATE_TOKENS) * charsPerToken);
		Prompt kept = prompt(question, List.of());
		if (passages.isEmpty()) {
			return (kept.characters() <= maxCharacters) ? Optional.of(kept) : Optional.empty();
		}
		List<Passage> fitting = new ArrayList<>();
		for (Passage passage : passages) {
			List<Passage> more = new ArrayList<>(fitting);
			more.add(passage);
			Prompt candidate = prompt(question, more);
			if (candidate.characters() <= maxCharacters) {
				fitting = more;
				continue;
			}
			more.set(more.size() - 1, cut(passage, 0));
			long room = maxCharacters - prompt(question, more).characters() - CUT_MARK.length();
			if (room >= MIN_PASSAGE_CHARACTERS) {
				fitting.add(cut(passage, (int) room));
			}
			break;
		}
		return fitting.isEmpty() ? Optional.empty() : Optional.of(prompt(question, fitting));
	}

	private static Prompt prompt(String question, List<Passage> passages) {
		List<ChatMessage> messages = PromptBuilder.build(question, passages);
		int characters = messages.stream().mapToInt((message) -> message.content().length()).sum();
		return new Prompt(messages, passages, characters);
	}

	/** The passage with its text cut to {@code characters}, at a word boundary. */
	private static Passage cut(Passage passage, int characters) {
		String text = passage.text();
		if (characters <= 0) {
			return new Passage(passage.documentId(), passage.title(), "", passage.score());
		}
		int end = Math.min(characters, text.length());
		int space = text.lastIndexOf(' ', end);
		String kept = text.substring(0, (space > end / 2) ? space : end).stripTrailing();
		return new Passage(passage.documentId(), passage.title(), kept + CUT_MARK, passage.score());
	}

}
