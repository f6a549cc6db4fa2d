package dev.ragline.llm.ollama;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fallback backend ({@code ragline.ollama.*}, env {@code RAGLINE_OLLAMA_BASEURL}
 * etc.).
 *
 * @param baseUrl where Ollama listens, e.g. {@code http://ollama:11434}. Empty: no
 * Ollama, rerouted queries get the extractive answer
 * @param model the model to ask for; it must have been pulled
 * ({@code ollama pull <model>})
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for the answer's first byte (a cold model load
 * counts)
 * @param callTimeout the most one whole call may take
 */
@ConfigurationProperties("ragline.ollama")
public record OllamaProperties(String baseUrl, @DefaultValue("llama3.2") String model,
		@DefaultValue("true") boolean stream, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("300s") Duration readTimeout, @DefaultValue("600s") Duration callTimeout) {

	public boolean configured() {
		return this.baseUrl != null && !this.baseUrl.isBlank();
	}

}
