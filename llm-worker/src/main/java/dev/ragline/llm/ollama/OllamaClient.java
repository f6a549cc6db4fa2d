package dev.ragline.llm.ollama;

import java.io.IOException;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import dev.ragline.llm.generation.BackendFailedException;
import dev.ragline.llm.generation.BackendRejectedException;
import dev.ragline.llm.generation.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls Ollama's native {@code POST /api/chat} with {@code "stream": false} (streaming is
 * its default). A model that is not pulled is rejected for good; busy, timeouts and
 * server errors are failures worth retrying.
 */
public class OllamaClient {

	/** Ollama answered 404: the model is not pulled. */
	public static final String MODEL_NOT_PULLED = "OLLAMA_MODEL_NOT_PULLED";

	/** Ollama refused the request (4xx other than 404). */
	public static final String REJECTED = "OLLAMA_REJECTED";

	/** Busy (503), server error, timeout or unreachable. */
	public static final String UNAVAILABLE = "OLLAMA_UNAVAILABLE";

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String CHAT_PATH = "/api/chat";

	private static final int EXCERPT_LENGTH = 300;

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

	public Completion complete(String queryId, List<ChatMessage> messages, int maxTokens, double temperature) {
		Request request = new Request.Builder().url(this.chatUrl)
			.post(RequestBody.create(MessageJson.toBytes(body(messages, maxTokens, temperature)), JSON))
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			String body = response.body().string();
			if (response.code() == 200) {
				return parse(queryId, body);
			}
			String error = errorMessage(body);
			if (response.code() == 404) {
				throw new BackendRejectedException(queryId, MODEL_NOT_PULLED, "Ollama at " + this.chatUrl
						+ " does not have model '" + model() + "' (" + error + "): run `ollama pull " + model()
						+ "` on the Ollama host, or set ragline.ollama.model (RAGLINE_OLLAMA_MODEL) to a pulled model");
			}
			if (response.code() >= 400 && response.code() < 500 && response.code() != 429) {
				throw new BackendRejectedException(queryId, REJECTED, "Ollama at " + this.chatUrl
						+ " refused the request with HTTP " + response.code() + ": " + error);
			}
			throw new BackendFailedException(queryId, UNAVAILABLE,
					"Ollama at " + this.chatUrl + " answered HTTP " + response.code() + ": " + error, null);
		}
		catch (IOException ex) {
			throw new BackendFailedException(queryId, UNAVAILABLE, "Ollama at " + this.chatUrl + " did not answer: "
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

	private Completion parse(String queryId, String body) {
		try {
			JsonNode json = MessageJson.mapper().readTree(body);
			JsonNode content = json.path("message").path("content");
			if (!content.isString()) {
				throw new BackendFailedException(queryId, UNAVAILABLE,
						"Ollama answered 200 without message.content: " + excerpt(body), null);
			}
			return new Completion(content.asString(), json.path("model").asString(model()));
		}
		catch (JacksonException ex) {
			throw new BackendFailedException(queryId, UNAVAILABLE,
					"Ollama answered 200 with invalid JSON: " + excerpt(body), ex);
		}
	}

	private ObjectNode body(List<ChatMessage> messages, int maxTokens, double temperature) {
		ObjectNode body = MessageJson.mapper().createObjectNode();
		body.put("model", model());
		ArrayNode array = body.putArray("messages");
		for (ChatMessage message : messages) {
			array.addObject().put("role", message.role()).put("content", message.content());
		}
		body.put("stream", false);
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

	private static String stripSlashes(String url) {
		String root = url.strip();
		while (root.endsWith("/")) {
			root = root.substring(0, root.length() - 1);
		}
		return root;
	}

}
