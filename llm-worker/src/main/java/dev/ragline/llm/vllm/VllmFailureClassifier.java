package dev.ragline.llm.vllm;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.llm.vllm.VllmCallException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a failed call to an OpenAI-compatible server means, as one table of rules read top
 * to bottom (first match wins), from what vLLM (both error-body eras) and llama.cpp's
 * server really do ({@code docs/protocols/}). Every verdict ends in a reroute to the
 * fallback backend unless a retry or a shorter prompt fixes it first.
 */
final class VllmFailureClassifier {

	static final int EXCERPT_LENGTH = 300;

	/** What to do about a failed call. */
	enum Action {

		/** Give up on vLLM for this query. */
		REROUTE,

		/** Try the same call again after a back-off (bounded). */
		RETRY,

		/** Try once more with a prompt that fits the context the server reported. */
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
			rule((failure) -> isHttp(failure, 400) && ContextOverflow.parse(failure.body()).isPresent(),
					FallbackReason.VLLM_PROMPT_TOO_LONG, "the prompt does not fit the model's context",
					Action.SHRINK_PROMPT),
			rule((failure) -> failure.kind() == Kind.HTTP && (failure.status() == 429 || failure.status() >= 500),
					FallbackReason.VLLM_UNAVAILABLE, "the server is overloaded, loading or failing", Action.RETRY),
			rule((failure) -> failure.kind() == Kind.HTTP, FallbackReason.VLLM_CONFIG_ERROR,
					"the server refused the request: check the configuration (URL, model, API key)", Action.REROUTE),
			rule((failure) -> failure.kind() == Kind.STREAM_ERROR, FallbackReason.VLLM_STREAM_ERROR,
					"the server sent an error event in the middle of its answer", Action.REROUTE),
			rule((failure) -> failure.kind() == Kind.BAD_RESPONSE, FallbackReason.VLLM_BAD_RESPONSE,
					"HTTP 200 without a completion (is something else answering at this URL?)", Action.REROUTE),
			rule((failure) -> isTimeout(failure, SocketTimeoutException.class) && message(failure).contains("connect"),
					FallbackReason.VLLM_TIMEOUT, "no connection within the connect timeout", Action.REROUTE),
			rule((failure) -> isTimeout(failure, SocketTimeoutException.class) && failure.kind() == Kind.NO_RESPONSE,
					FallbackReason.VLLM_TIMEOUT, "no answer within the read timeout (nothing after the request)",
					Action.REROUTE),
			rule((failure) -> isTimeout(failure, SocketTimeoutException.class), FallbackReason.VLLM_TIMEOUT,
					"the answer stalled for longer than the read timeout after HTTP 200", Action.REROUTE),
			rule((failure) -> isTimeout(failure, InterruptedIOException.class), FallbackReason.VLLM_TIMEOUT,
					"no complete answer within the call timeout or the query's deadline", Action.REROUTE),
			rule((failure) -> failure.kind() == Kind.BODY_CUT, FallbackReason.VLLM_STREAM_ERROR,
					"the connection closed in the middle of the answer, after HTTP 200", Action.REROUTE),
			rule((failure) -> failure.ioException() instanceof ConnectException, FallbackReason.VLLM_UNAVAILABLE,
					"unreachable (connection refused)", Action.REROUTE),
			rule((failure) -> true, FallbackReason.VLLM_UNAVAILABLE,
					"the connection failed or was reset before any response", Action.RETRY));

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
			case STREAM_ERROR -> "vLLM at " + url + ": " + verdict.meaning() + " (" + received(failure) + "). Event: "
					+ excerpt(failure.body());
			case BODY_CUT -> "vLLM at " + url + ": " + verdict.meaning() + " (" + received(failure) + "; "
					+ failure.ioException().getClass().getSimpleName() + ": " + failure.getMessage() + ")";
			case BAD_RESPONSE -> "vLLM at " + url + ": " + verdict.meaning() + " (" + failure.getMessage() + "). "
					+ excerpt(failure.body());
			case NO_RESPONSE -> "vLLM at " + url + ": " + verdict.meaning() + " ("
					+ failure.ioException().getClass().getSimpleName() + ": " + failure.getMessage() + ")";
		};
		Integer status = (failure.kind() == Kind.NO_RESPONSE) ? null : failure.status();
		return new FallbackReason(verdict.reason(), status, detail, attempts);
	}

	static String excerpt(String body) {
		String text = body.strip();
		return (text.length() <= EXCERPT_LENGTH) ? text : text.substring(0, EXCERPT_LENGTH) + "…";
	}

	private static String received(VllmCallException failure) {
		return (failure.receivedCharacters() == 0) ? "before any of the answer arrived"
				: failure.receivedCharacters() + " characters of the answer had arrived";
	}

	private static Rule rule(Predicate<VllmCallException> matches, String reason, String meaning, Action action) {
		return new Rule(matches, new Verdict(reason, meaning, action, action != Action.SHRINK_PROMPT));
	}

	private static boolean isHttp(VllmCallException failure, int status) {
		return failure.kind() == Kind.HTTP && failure.status() == status;
	}

	private static boolean isTimeout(VllmCallException failure, Class<? extends InterruptedIOException> type) {
		return type.isInstance(failure.ioException());
	}

	/**
	 * {@code error.type} (vLLM v0.10.1+, llama.cpp) or {@code type} (v0.10.0 and older).
	 */
	private static String errorType(VllmCallException failure) {
		try {
			JsonNode json = MessageJson.mapper().readTree(failure.body());
			if (json == null || !json.isObject()) {
				return "";
			}
			JsonNode error = json.path("error").isObject() ? json.path("error") : json;
			return error.path("type").asString("");
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	private static String message(VllmCallException failure) {
		String message = (failure.ioException() != null) ? failure.ioException().getMessage() : null;
		return (message != null) ? message.toLowerCase(Locale.ROOT) : "";
	}

}
