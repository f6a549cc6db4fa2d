package dev.ragline.llm.vllm;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The primary backend ({@code ragline.vllm.*}, env {@code RAGLINE_VLLM_BASEURL} etc.).
 *
 * @param baseUrl where vLLM's OpenAI-compatible server listens, e.g.
 * {@code http://vllm:8000}; a trailing {@code /v1} is accepted too. Empty: no vLLM,
 * queries go to the fallback backend (or the extractive answerer)
 * @param model the served model name to ask for; empty: the first one {@code /v1/models}
 * lists
 * @param apiKey sent as a bearer token when vLLM runs with {@code --api-key}
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for the answer's first byte (and between bytes);
 * vLLM's first inference after a start can be slow
 * @param callTimeout the most one whole call may take
 */
@ConfigurationProperties("ragline.vllm")
public record VllmProperties(String baseUrl, String model, String apiKey, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("120s") Duration readTimeout, @DefaultValue("180s") Duration callTimeout) {

	public boolean configured() {
		return this.baseUrl != null && !this.baseUrl.isBlank();
	}

}
