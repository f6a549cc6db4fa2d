package dev.ragline.llm.generation;

import java.util.List;

import dev.ragline.contracts.Passage;

/**
 * An answer and what it was generated from.
 *
 * @param completion the answer
 * @param passages the passages the prompt held (fewer than retrieved when the prompt had
 * to shrink to fit the model's context)
 */
public record Generation(Completion completion, List<Passage> passages) {

}
