package dev.ragline.llm.ollama;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.ragline.contracts.MessageJson;
import dev.ragline.llm.backend.BackendFailedException;
import dev.ragline.llm.backend.BackendRejectedException;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls Ollama's native {@code POST /api/chat}, streamed (NDJSON lines, the last with
 * {@code "done": true}) or with {@code "stream": false} (Ollama streams unless told not
 * to). A model that is not pulled is rejected for good; busy, timeouts, server errors and
 * errors inside a stream are failures worth retrying.
 */
public class OllamaClient {

	/** Ollama answered 404: the model is not pulled. */
	public static final String MODEL_NOT_PULLED = "OLLAMA_MODEL_NOT_PULLED";

	/** Ollama refused the request (4xx other than 404 and 429). */
	public static final String REJECTED = "OLLAMA_REJECTED";

	/** Busy (503), server error, timeout, unreachable, or an error inside the stream. */
	public static final String UNAVAILABLE = "OLLAMA_UNAVAILABLE";

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String CHAT_PATH = "/api/chat";

	private static final int EXCERPT_LENGTH = 300;

	/** The status of every failure inside an answer: Ollama had said 200. */
	private static final Integer OK = 200;

	private final OkHttpClient http;

	private final OllamaProperties properties;

	private final String chatUrl;

	public OllamaClient(OkHttpClient shared, OllamaProperties properties) {
		this.http = shared.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.callTimeout(properties.callTimeout())
			.build();
		this.properties = properties;
		this.chatUrl = properties.configured() ? stripSlashes(properties.baseUrl()) + CHAT_PATH : null;
	}

	public boolean configured() {
		return this.chatUrl != null;
	}

	public String model() {
		return this.properties.model();
	}

	/**
	 * The call timeout, shortened to what is left until {@code deadline} (none: the whole
	 * timeout).
	 */
	public Duration callTimeout(Instant deadline, Instant now) {
		Duration timeout = callTimeout();
		if (deadline == null) {
			return timeout;
		}
		Duration left = Duration.between(now, deadline);
		return (left.compareTo(timeout) < 0) ? left : timeout;
	}

	public Duration callTimeout() {
		return this.properties.callTimeout();
	}

	/**
	 * Asks for an answer, passing the text generated so far to {@code partial} while it
	 * streams.
	 * @param timeout the most this call may take
	 */
	public Completion complete(String queryId, List<ChatMessage> messages, int maxTokens, double temperature,
			Duration timeout, Consumer<String> partial) {
		Request request = new Request.Builder().url(this.chatUrl)
			.post(RequestBody.create(MessageJson.toBytes(body(messages, maxTokens, temperature)), JSON))
			.build();
		Call call = this.http.newCall(request);
		call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		try (Response response = call.execute()) {
			if (response.code() != 200) {
				throw refusal(queryId, response.code(), errorMessage(response.body().string()));
			}
			if (String.valueOf(response.header("Content-Type")).startsWith("application/x-ndjson")) {
				return readStream(queryId, response.body().source(), partial);
			}
			return readLine(queryId, response.body().string(), new StringBuilder(), null);
		}
		catch (IOException ex) {
			throw new BackendFailedException(queryId, UNAVAILABLE, "Ollama at " + this.chatUrl + " did not answer: "
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

	private RuntimeException refusal(String queryId, int status, String error) {
		if (status == 404) {
			return new BackendRejectedException(queryId, MODEL_NOT_PULLED, status,
					"Ollama at " + this.chatUrl + " does not have model '" + model() + "' (" + error
							+ "): run `ollama pull " + model()
							+ "` on the Ollama host, or set ragline.ollama.model (RAGLINE_OLLAMA_MODEL) "
							+ "to a pulled model");
		}
		if (status >= 400 && status < 500 && status != 429) {
			return new BackendRejectedException(queryId, REJECTED, status,
					"Ollama at " + this.chatUrl + " refused the request with HTTP " + status + ": " + error);
		}
		return new BackendFailedException(queryId, UNAVAILABLE, status,
				"Ollama at " + this.chatUrl + " answered HTTP " + status + ": " + error, null);
	}

	private Completion readStream(String queryId, BufferedSource source, Consumer<String> partial) throws IOException {
		StringBuilder answer = new StringBuilder();
		String line;
		while ((line = source.readUtf8Line()) != null) {
			if (line.isBlank()) {
				continue;
			}
			Completion done = readLine(queryId, line, answer, partial);
			if (done != null) {
				return done;
			}
		}
		throw new BackendFailedException(queryId, UNAVAILABLE, OK,
				"Ollama's stream ended before a line with \"done\": true", null);
	}

	/**
	 * Reads one NDJSON line (or a whole non-streamed answer) into {@code answer}.
	 * @return the completion when this was the last line, else {@code null}
	 */
	private Completion readLine(String queryId, String line, StringBuilder answer, Consumer<String> partial) {
		JsonNode json;
		try {
			json = MessageJson.mapper().readTree(line);
		}
		catch (JacksonException ex) {
			throw new BackendFailedException(queryId, UNAVAILABLE, OK, "Ollama sent invalid JSON: " + excerpt(line),
					ex);
		}
		if (json.path("error").isString()) {
			throw new BackendFailedException(queryId, UNAVAILABLE, OK,
					"Ollama failed while answering: " + json.path("error").asString(), null);
		}
		JsonNode content = json.path("message").path("content");
		if (!content.isString()) {
			throw new BackendFailedException(queryId, UNAVAILABLE, OK,
					"Ollama answered without message.content: " + excerpt(line), null);
		}
		answer.append(content.asString());
		if (partial != null && !content.asString().isEmpty()) {
			partial.accept(answer.toString());
		}
		return json.path("done").asBoolean(false)
				? new Completion(answer.toString(), json.path("model").asString(model())) : null;
	}

	private ObjectNode body(List<ChatMessage> messages, int maxTokens, double temperature) {
		ObjectNode body = MessageJson.mapper().createObjectNode();
		body.put("model", model());
		ArrayNode array = body.putArray("messages");
		for (ChatMessage message : messages) {
			array.addObject().put("role", message.role()).put("content", message.content());
		}
		body.put("stream", this.properties.stream());
		body.putObject("options").put("num_predict", maxTokens).put("temperature", temperature);
		return body;
	}

	private static String errorMessage(String body) {
		try {
			JsonNode json = MessageJson.mapper().readTree(body);
			if (json != null && json.path("error").isString()) {
				return json.path("error").asString();
			}
		}
		catch (JacksonException ex) {
			// not JSON: gin's plain-text 404 page, or a proxy's page
		}
		return excerpt(body);
	}

	private static String excerpt(String body) {
		String text = body.strip();
		return (text.length() <= EXCERPT_LENGTH) ? text : text.substring(0, EXCERPT_LENGTH) + "…";
	}

	/** The server's root URL: {@code baseUrl} without trailing slashes. */
	public static String root(String baseUrl) {
		return stripSlashes(baseUrl);
	}

	private static String stripSlashes(String url) {
		String root = url.strip();
		while (root.endsWith("/")) {
			root = root.substring(0, root.length() - 1);
		}
		return root;
	}

}
