package dev.ragline.llm.prompt;

import java.util.List;

import dev.ragline.contracts.Passage;
import dev.ragline.contracts.RetrievedQuery;

/**
 * Turns a question and its passages into a chat prompt: an instruction to answer from the
 * numbered passages only and cite them as [n], then the passages, then the question.
 */
public final class PromptBuilder {

	static final String INSTRUCTION = "You answer questions about a document collection. Use only the numbered "
			+ "passages below. Cite the passages you use like [1] or [2]. If the passages do not contain the answer, "
			+ "say that the collection does not answer the question.";

	private PromptBuilder() {
	}

	public static List<ChatMessage> build(RetrievedQuery query) {
		return build(query.query().question(), query.passages());
	}

	/** The prompt for {@code question} with exactly these {@code passages}. */
	public static List<ChatMessage> build(String question, List<Passage> passages) {
		StringBuilder user = new StringBuilder();
		if (passages.isEmpty()) {
			user.append("No passage matched the question.\n\n");
		}
		else {
			user.append("Passages:\n");
			for (int i = 0; i < passages.size(); i++) {
				Passage passage = passages.get(i);
				user.append('[').append(i + 1).append("] ");
				if (!passage.title().isEmpty()) {
					user.append(passage.title()).append('\n');
				}
				user.append(passage.text()).append("\n\n");
			}
		}
		user.append("Question: ").append(question);
		return List.of(ChatMessage.system(INSTRUCTION), ChatMessage.user(user.toString()));
	}

}
