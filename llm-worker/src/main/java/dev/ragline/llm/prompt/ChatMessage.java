package dev.ragline.llm.prompt;

/**
 * One message of a chat prompt, as both vLLM's OpenAI API and Ollama's native API take
 * it.
 *
 * @param role {@code system} or {@code user}
 * @param content the text
 */
public record ChatMessage(String role, String content) {

	public static ChatMessage system(String content) {
		return new ChatMessage("system", content);
	}

	public static ChatMessage user(String content) {
		return new ChatMessage("user", content);
	}

}
