package dev.ragline.llm.vllm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a failed vLLM call means, as one table of rules read top to bottom (first match
 * wins), from the real server's behaviour in {@code shared/protocols/vllm-ollama.md}.
 * Every outcome reroutes to the fallback backend; the reason code says why.
 */
final class VllmFailureClassifier {

	static final int EXCERPT_LENGTH = 300;

	/** An HTTP answer that was not a completion. */
	record HttpAnswer(int status, String body) {

		/**
		 * {@code error.type} (v0.10.1+) or {@code type} (v0.10.0 and older) of vLLM's
		 * error body.
		 */
		String errorType() {
			JsonNode json = parse();
			if (json == null) {
				return "";
			}
			JsonNode nested = json.path("error");
			return nested.isObject() ? nested.path("type").asString("") : json.path("type").asString("");
		}

		boolean isRouteNotFound() {
			JsonNode json = parse();
			return json != null && "Not Found".equals(json.path("detail").asString(null));
		}

		String excerpt() {
			String text = this.body.strip();
			return (text.length() <= EXCERPT_LENGTH) ? text : text.substring(0, EXCERPT_LENGTH) + "…";
		}

		private JsonNode parse() {
			try {
				JsonNode json = MessageJson.mapper().readTree(this.body);
				return (json != null && json.isObject()) ? json : null;
			}
			catch (JacksonException ex) {
				return null;
			}
		}

	}

	private record Rule(String meaning, Predicate<HttpAnswer> matches, String reason) {

	}

	static final List<Rule> HTTP_RULES = List.of(
			new Rule("the requested model is not served",
					(answer) -> answer.status() == 404 && "NotFoundError".equals(answer.errorType()),
					FallbackReason.VLLM_MODEL_NOT_FOUND),
			new Rule("the URL path does not exist (is /v1 doubled or missing in the base URL?)",
					(answer) -> answer.status() == 404, FallbackReason.VLLM_ROUTE_NOT_FOUND),
			new Rule("vLLM is overloaded or failing", (answer) -> answer.status() == 429 || answer.status() >= 500,
					FallbackReason.VLLM_UNAVAILABLE),
			new Rule("vLLM refused the request: check the configuration (URL, model, API key)", (answer) -> true,
					FallbackReason.VLLM_CONFIG_ERROR));

	private VllmFailureClassifier() {
	}

	static FallbackReason classify(HttpAnswer answer, String url, int attempts) {
		Rule rule = HTTP_RULES.stream()
			.filter((candidate) -> candidate.matches().test(answer))
			.findFirst()
			.orElseThrow();
		String detail = "vLLM answered HTTP " + answer.status() + " for POST " + url + ": " + rule.meaning()
				+ ". Body: " + answer.excerpt();
		return new FallbackReason(rule.reason(), answer.status(), detail, attempts);
	}

	static FallbackReason classify(IOException failure, String url, int attempts) {
		String message = String.valueOf(failure.getMessage());
		if (failure instanceof SocketTimeoutException) {
			String which = message.toLowerCase(Locale.ROOT).contains("connect") ? "connect" : "read";
			return timeout(which, url, message, attempts);
		}
		if (failure instanceof InterruptedIOException) {
			return timeout("total call", url, message, attempts);
		}
		String what = (failure instanceof ConnectException) ? "connection refused" : "connection failed";
		return new FallbackReason(FallbackReason.VLLM_UNAVAILABLE, null, "vLLM at " + url + " is unreachable (" + what
				+ "): " + failure.getClass().getSimpleName() + ": " + message, attempts);
	}

	private static FallbackReason timeout(String which, String url, String message, int attempts) {
		return new FallbackReason(FallbackReason.VLLM_TIMEOUT, null,
				"vLLM at " + url + " did not answer in time (" + which + " timeout: " + message + ")", attempts);
	}

}
