package dev.ragline.llm.vllm;

import java.util.List;
import java.util.Optional;

import dev.ragline.contracts.Passage;
import dev.ragline.llm.prompt.PromptBudget;
import dev.ragline.llm.prompt.PromptBudget.Prompt;

/**
 * The prompt and answer length of a call: everything when the context length is unknown;
 * fitted before the call when it is known; fitted once more, with the numbers the server
 * reported, when it refuses a prompt as too long.
 */
final class PromptPlanner {

	/** Room kept for the answer at most: half the context, however long it may be. */
	private static final int MAX_ANSWER_SHARE = 2;

	/** A ratio measured on one prompt is used with this margin on the next. */
	private static final double MEASURED_MARGIN = 0.95;

	/** A ratio known only as an upper bound ("at least N tokens") gets this margin. */
	private static final double BOUND_MARGIN = 0.8;

	private PromptPlanner() {
	}

	/**
	 * What one call sends.
	 *
	 * @param prompt the messages and the passages in them
	 * @param maxTokens the answer's length limit sent
	 */
	record Plan(Prompt prompt, int maxTokens) {

		List<Passage> passages() {
			return this.prompt.passages();
		}

	}

	/**
	 * The first call's plan.
	 * @param contextLength the model's context, or {@code null} when unknown
	 * @return empty when the prompt cannot fit the known context
	 */
	static Optional<Plan> first(String question, List<Passage> passages, int maxTokens, Integer contextLength) {
		if (contextLength == null) {
			return Optional.of(new Plan(PromptBudget.whole(question, passages), maxTokens));
		}
		return fit(question, passages, maxTokens, contextLength, PromptBudget.ESTIMATED_CHARS_PER_TOKEN);
	}

	/**
	 * The plan after {@code refused} was refused with {@code overflow}: fitted to the
	 * context the server reported, at the characters per token it measured.
	 * @param knownContext the context length known before, or {@code null}
	 * @return empty when nothing fits
	 */
	static Optional<Plan> afterOverflow(String question, List<Passage> passages, int maxTokens, Plan refused,
			ContextOverflow overflow, Integer knownContext) {
		Integer context = (overflow.contextTokens() != null) ? overflow.contextTokens() : knownContext;
		if (context == null) {
			// no numbers at all: the old rule, half the passages
			List<Passage> half = refused.passages().subList(0, refused.passages().size() / 2);
			return half.isEmpty() ? Optional.empty()
					: Optional.of(new Plan(PromptBudget.whole(question, half), refused.maxTokens()));
		}
		double charsPerToken = PromptBudget.ESTIMATED_CHARS_PER_TOKEN;
		if (overflow.promptTokens() != null && overflow.promptTokens() > 0) {
			double measured = (double) refused.prompt().characters() / overflow.promptTokens();
			charsPerToken = overflow.promptTokensExact() ? measured * MEASURED_MARGIN
					: Math.min(measured, charsPerToken) * BOUND_MARGIN;
		}
		Optional<Plan> plan = fit(question, passages, maxTokens, context, charsPerToken);
		// the server said the prompt alone overflows: a smaller answer limit cannot help
		return plan;
	}

	private static Optional<Plan> fit(String question, List<Passage> passages, int maxTokens, int context,
			double charsPerToken) {
		int answerRoom = Math.min(maxTokens, context / MAX_ANSWER_SHARE);
		return PromptBudget.fit(question, passages, context - answerRoom, charsPerToken).map((prompt) -> {
			int promptTokens = prompt.estimatedTokens(charsPerToken);
			return new Plan(prompt, Math.max(1, Math.min(maxTokens, context - promptTokens)));
		});
	}

}
