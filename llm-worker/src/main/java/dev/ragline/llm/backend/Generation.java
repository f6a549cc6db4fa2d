package dev.ragline.llm.backend;

import java.util.List;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Passage;

/**
 * An answer, what it was generated from, and every call it took.
 *
 * @param completion the answer
 * @param passages the passages the prompt held (fewer, or one trimmed, when the prompt
 * had to fit the model's context)
 * @param attempts every call made for it, the answering one last
 */
public record Generation(Completion completion, List<Passage> passages, List<Attempt> attempts) {

	public Generation {
		passages = List.copyOf(passages);
		attempts = List.copyOf(attempts);
	}

}
