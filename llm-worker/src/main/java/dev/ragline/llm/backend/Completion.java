package dev.ragline.llm.backend;

/**
 * An answer from an LLM backend.
 *
 * @param text the generated answer
 * @param model the model that generated it, as the backend named it
 */
public record Completion(String text, String model) {

}
