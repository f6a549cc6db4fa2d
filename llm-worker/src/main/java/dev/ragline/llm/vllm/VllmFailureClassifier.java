package dev.ragline.llm.vllm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.llm.vllm.VllmCallException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a failed vLLM call means, as one table of rules read top to bottom (first match
 * wins), from the real server's behaviour ({@code shared/protocols/vllm-ollama.md}) in
 * both error-body eras. Every verdict ends in a reroute to the fallback backend unless a
 * retry fixes it first.
 */
final class VllmFailureClassifier {

	static final int EXCERPT_LENGTH = 300;

	private static final Set<String> CONTEXT_PARAMS = Set.of("input_tokens", "max_tokens");

	/** What to do about a failed call. */
	enum Action {

		/** Give up on vLLM for this query. */
		REROUTE,

		/** Try the same call again after a back-off (bounded). */
		RETRY,

		/** Try once more with fewer passages. */
		SHRINK_PROMPT

	}

	/**
	 * A verdict on a failed call.
	 *
	 * @param reason the {@link FallbackReason} code
	 * @param meaning what it means, in words
	 * @param action what to do
	 * @param vllmFault whether it counts against vLLM for the circuit breaker (a prompt
	 * that is too long is the query's doing, not vLLM's)
	 */
	record Verdict(String reason, String meaning, Action action, boolean vllmFault) {

	}

	private record Rule(Predicate<VllmCallException> matches, Verdict verdict) {

	}

	static final List<Rule> RULES = List.of(
			rule((failure) -> isHttp(failure, 404) && "NotFoundError".equals(errorType(failure)),
					FallbackReason.VLLM_MODEL_NOT_FOUND, "the requested model is not served", Action.REROUTE),
			rule((failure) -> isHttp(failure, 404), FallbackReason.VLLM_ROUTE_NOT_FOUND,
					"the URL path does not exist (is /v1 doubled or missing in the base URL?)", Action.REROUTE),
			rule((failure) -> isHttp(failure, 400) && isPromptTooLong(failure), FallbackReason.VLLM_PROMPT_TOO_LONG,
					"the prompt exceeds the model's context", Action.SHRINK_PROMPT),
			rule((failure) -> failure.kind() == Kind.HTTP && (failure.status() == 429 || failure.status() >= 500),
					FallbackReason.VLLM_UNAVAILABLE, "vLLM is overloaded or failing", Action.RETRY),
			rule((failure) -> failure.kind() == Kind.HTTP, FallbackReason.VLLM_CONFIG_ERROR,
					"vLLM refused the request: check the configuration (URL, model, API key)", Action.REROUTE),
			rule((failure) -> failure.kind() == Kind.STREAM, FallbackReason.VLLM_STREAM_ERROR,
					"the stream broke off after HTTP 200", Action.REROUTE),
			rule((failure) -> failure.kind() == Kind.BAD_RESPONSE, FallbackReason.VLLM_BAD_RESPONSE,
					"HTTP 200 without a completion (is something else answering at this URL?)", Action.REROUTE),
			rule((failure) -> failure.ioException() instanceof SocketTimeoutException
					&& message(failure).contains("connect"), FallbackReason.VLLM_TIMEOUT,
					"no connection within the connect timeout", Action.REROUTE),
			rule((failure) -> failure.ioException() instanceof SocketTimeoutException, FallbackReason.VLLM_TIMEOUT,
					"no answer within the read timeout", Action.REROUTE),
			rule((failure) -> failure.ioException() instanceof InterruptedIOException, FallbackReason.VLLM_TIMEOUT,
					"no complete answer within the total call timeout", Action.REROUTE),
			rule((failure) -> failure.ioException() instanceof ConnectException, FallbackReason.VLLM_UNAVAILABLE,
					"unreachable (connection refused)", Action.REROUTE),
			rule((failure) -> true, FallbackReason.VLLM_UNAVAILABLE, "unreachable (connection failed or reset)",
					Action.REROUTE));

	private VllmFailureClassifier() {
	}

	static Verdict verdict(VllmCallException failure) {
		return RULES.stream().filter((rule) -> rule.matches().test(failure)).findFirst().orElseThrow().verdict();
	}

	/** The reason recorded for a failure that ended with a reroute. */
	static FallbackReason reason(VllmCallException failure, Verdict verdict, String url, int attempts) {
		String detail = switch (failure.kind()) {
			case HTTP -> "vLLM answered HTTP " + failure.status() + " for POST " + url + ": " + verdict.meaning()
					+ ". Body: " + excerpt(failure.body());
			case STREAM, BAD_RESPONSE -> "vLLM at " + url + ": " + verdict.meaning() + " (" + failure.getMessage()
					+ "). " + excerpt(failure.body());
			case IO -> "vLLM at " + url + ": " + verdict.meaning() + " ("
					+ failure.ioException().getClass().getSimpleName() + ": " + failure.getMessage() + ")";
		};
		Integer status = (failure.kind() == Kind.IO) ? null : failure.status();
		return new FallbackReason(verdict.reason(), status, detail, attempts);
	}

	static String excerpt(String body) {
		String text = body.strip();
		return (text.length() <= EXCERPT_LENGTH) ? text : text.substring(0, EXCERPT_LENGTH) + "…";
	}

	private static Rule rule(Predicate<VllmCallException> matches, String reason, String meaning, Action action) {
		return new Rule(matches, new Verdict(reason, meaning, action, action != Action.SHRINK_PROMPT));
	}

	private static boolean isHttp(VllmCallException failure, int status) {
		return failure.kind() == Kind.HTTP && failure.status() == status;
	}

	/**
	 * vLLM's 400 for a prompt over {@code max_model_len}: match status and type, not the
	 * wording.
	 */
	private static boolean isPromptTooLong(VllmCallException failure) {
		JsonNode error = errorObject(failure);
		if (error == null || !error.path("type").asString("").contains("BadRequest")) {
			return false;
		}
		return CONTEXT_PARAMS.contains(error.path("param").asString(""))
				|| error.path("message").asString("").contains("maximum context length");
	}

	/** {@code error.type} (v0.10.1+) or {@code type} (v0.10.0 and older). */
	private static String errorType(VllmCallException failure) {
		JsonNode error = errorObject(failure);
		return (error != null) ? error.path("type").asString("") : "";
	}

	private static JsonNode errorObject(VllmCallException failure) {
		try {
			JsonNode json = MessageJson.mapper().readTree(failure.body());
			if (json == null || !json.isObject()) {
				return null;
			}
			return json.path("error").isObject() ? json.path("error") : json;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String message(VllmCallException failure) {
		IOException io = failure.ioException();
		return (io != null && io.getMessage() != null) ? io.getMessage().toLowerCase(Locale.ROOT) : "";
	}

}
