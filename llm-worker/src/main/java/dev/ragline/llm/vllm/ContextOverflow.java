package dev.ragline.llm.vllm;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.contracts.MessageJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A server's refusal of a prompt longer than its context, with the numbers it reports, so
 * the prompt can be shrunk once, precisely ({@code docs/protocols/vllm.md},
 * {@code docs/protocols/llama-cpp.md}).
 * <ul>
 * <li>llama.cpp: HTTP 400, {@code error.type} {@code exceed_context_size_error} with
 * {@code n_prompt_tokens} and {@code n_ctx}; it does not count the answer's tokens.</li>
 * <li>vLLM: HTTP 400 {@code BadRequestError}, {@code param} {@code input_tokens} or
 * {@code max_tokens}, the numbers in the message, in one of several wordings across
 * versions; it counts the prompt and the answer together.</li>
 * </ul>
 *
 * @param contextTokens the server's context length, when it said
 * @param promptTokens the prompt's tokens as the server counted them, when it said
 * @param promptTokensExact whether {@code promptTokens} is the count, not a lower bound
 * ("at least")
 * @param countsAnswer whether the limit covers the prompt and the answer's
 * {@code max_tokens} together
 */
record ContextOverflow(Integer contextTokens, Integer promptTokens, boolean promptTokensExact, boolean countsAnswer) {

	private static final String LLAMA_CPP_TYPE = "exceed_context_size_error";

	private static final Pattern CONTEXT = Pattern
		.compile("(?:maximum context length is|context length is only) ([\\d,]+) tokens");

	private static final Pattern PROMPT = Pattern.compile(
			"(?:your request has|your prompt contains|You passed) (at least )?([\\d,]+) input tokens|\\(([\\d,]+) in the messages");

	private static final Pattern LLAMA_CPP_MESSAGE = Pattern
		.compile("request \\(([\\d,]+) tokens\\) exceeds the available context size \\(([\\d,]+) tokens\\)");

	/** The overflow an HTTP 400 body describes, or empty when it is another refusal. */
	static Optional<ContextOverflow> parse(String body) {
		JsonNode error = errorObject(body);
		if (error == null) {
			return Optional.empty();
		}
		String type = error.path("type").asString("");
		String message = error.path("message").asString("");
		if (LLAMA_CPP_TYPE.equals(type) || message.contains("exceeds the available context size")) {
			return Optional.of(llamaCpp(error, message));
		}
		String param = error.path("param").asString("");
		boolean contextParam = param.equals("input_tokens") || param.equals("max_tokens") || param.equals("input_text");
		if (type.contains("BadRequest") && (contextParam || message.contains("maximum context length"))) {
			return Optional.of(vllm(message));
		}
		return Optional.empty();
	}

	private static ContextOverflow llamaCpp(JsonNode error, String message) {
		Integer prompt = error.path("n_prompt_tokens").isNumber() ? error.path("n_prompt_tokens").asInt() : null;
		Integer context = error.path("n_ctx").isNumber() ? error.path("n_ctx").asInt() : null;
		Matcher numbers = LLAMA_CPP_MESSAGE.matcher(message);
		if (numbers.find()) {
			prompt = (prompt != null) ? prompt : number(numbers.group(1));
			context = (context != null) ? context : number(numbers.group(2));
		}
		return new ContextOverflow(context, prompt, prompt != null, false);
	}

	private static ContextOverflow vllm(String message) {
		Matcher context = CONTEXT.matcher(message);
		Matcher prompt = PROMPT.matcher(message);
		Integer promptTokens = null;
		boolean exact = false;
		if (prompt.find()) {
			String count = (prompt.group(2) != null) ? prompt.group(2) : prompt.group(3);
			promptTokens = number(count);
			exact = prompt.group(1) == null;
		}
		return new ContextOverflow(context.find() ? number(context.group(1)) : null, promptTokens, exact, true);
	}

	private static JsonNode errorObject(String body) {
		try {
			JsonNode json = MessageJson.mapper().readTree(body);
			if (json == null || !json.isObject()) {
				return null;
			}
			return json.path("error").isObject() ? json.path("error") : json;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static int number(String digits) {
		return Integer.parseInt(digits.replace(",", ""));
	}

}
