package dev.ragline.llm.vllm;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.ragline.contracts.MessageJson;
import dev.ragline.llm.generation.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call to vLLM's OpenAI-compatible server: {@code /v1/chat/completions} or
 * {@code /v1/completions}, streamed (SSE, {@code data: ...} events ending in
 * {@code data: [DONE]}) or not. Anything but a completion is a {@link VllmCallException}
 * carrying what came back; what it means is {@link VllmFailureClassifier}'s business.
 */
public class VllmClient {

	private static final Logger logger = LoggerFactory.getLogger(VllmClient.class);

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String MODELS_PATH = "/v1/models";

	private static final Duration MODELS_TIMEOUT = Duration.ofSeconds(5);

	private static final String DATA = "data:";

	private static final String DONE = "[DONE]";

	private final OkHttpClient http;

	private final VllmProperties properties;

	private final String root;

	private volatile String firstServedModel;

	public VllmClient(OkHttpClient shared, VllmProperties properties) {
		this.http = shared.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.callTimeout(properties.callTimeout())
			// a 307 from vLLM means a wrong path; following it would hide the
			// misconfiguration
			.followRedirects(false)
			.build();
		this.properties = properties;
		this.root = properties.configured() ? root(properties.baseUrl()) : null;
	}

	public boolean configured() {
		return this.root != null;
	}

	/** The URL answers are requested from. */
	public String endpointUrl() {
		return this.root
				+ ((this.properties.api() == VllmProperties.Api.CHAT) ? "/v1/chat/completions" : "/v1/completions");
	}

	public String modelsUrl() {
		return this.root + MODELS_PATH;
	}

	/**
	 * The model to ask for: the configured one, else the first that vLLM serves
	 * ({@code null} when it cannot tell, and vLLM picks its default).
	 */
	public String model() {
		String configured = this.properties.model();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (this.firstServedModel == null) {
			List<String> served = servedModels();
			if (!served.isEmpty()) {
				this.firstServedModel = served.get(0);
				logger.info("ragline.vllm.model is not set; using the first model vLLM serves: {}",
						this.firstServedModel);
			}
		}
		return this.firstServedModel;
	}

	/**
	 * Asks for an answer, passing the text generated so far to {@code partial} while it
	 * streams.
	 * @param timeout the most this call may take
	 */
	Completion call(String model, List<ChatMessage> messages, int maxTokens, double temperature, Duration timeout,
			Consumer<String> partial) throws VllmCallException {
		boolean chat = this.properties.api() == VllmProperties.Api.CHAT;
		ObjectNode body = chat ? chatBody(model, messages) : completionBody(model, messages);
		body.put("max_tokens", maxTokens);
		body.put("temperature", temperature);
		body.put("stream", this.properties.stream());
		Request request = new Request.Builder().url(endpointUrl())
			.post(RequestBody.create(MessageJson.toBytes(body), JSON))
			.headers(authorization())
			.build();
		Call call = this.http.newCall(request);
		call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		try (Response response = call.execute()) {
			if (response.code() != 200) {
				throw VllmCallException.http(response.code(), response.body().string());
			}
			String contentType = String.valueOf(response.header("Content-Type"));
			if (contentType.startsWith("text/event-stream")) {
				return readStream(response.body().source(), chat, model, partial);
			}
			return readWhole(response.body().string(), chat, model);
		}
		catch (IOException ex) {
			throw VllmCallException.io(ex);
		}
	}

	/**
	 * The model names vLLM serves, from {@code GET /v1/models}; empty when it cannot
	 * tell.
	 */
	public List<String> servedModels() {
		Request request = new Request.Builder().url(modelsUrl()).get().headers(authorization()).build();
		Call call = this.http.newCall(request);
		call.timeout().timeout(MODELS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		try (Response response = call.execute()) {
			if (response.code() != 200) {
				return List.of();
			}
			List<String> names = new ArrayList<>();
			for (JsonNode card : MessageJson.mapper().readTree(response.body().string()).path("data")) {
				names.add(card.path("id").asString());
			}
			return names;
		}
		catch (IOException | JacksonException ex) {
			return List.of();
		}
	}

	private Completion readStream(BufferedSource source, boolean chat, String model, Consumer<String> partial)
			throws IOException, VllmCallException {
		StringBuilder answer = new StringBuilder();
		StringBuilder event = new StringBuilder();
		String servedModel = model;
		boolean finished = false;
		String line;
		while ((line = source.readUtf8Line()) != null) {
			if (line.startsWith(DATA)) {
				event.append(line.substring(DATA.length()).stripLeading());
				continue;
			}
			if (!line.isEmpty() || event.length() == 0) {
				continue;
			}
			String data = event.toString();
			event.setLength(0);
			if (DONE.equals(data)) {
				return new Completion(answer.toString(), servedModel);
			}
			JsonNode chunk = parse(data);
			if (chunk.has("error")) {
				throw VllmCallException.stream("error event in the stream", data);
			}
			servedModel = chunk.path("model").asString(servedModel);
			JsonNode choice = chunk.path("choices").path(0);
			JsonNode text = chat ? choice.path("delta").path("content") : choice.path("text");
			if (text.isString() && !text.asString().isEmpty()) {
				answer.append(text.asString());
				partial.accept(answer.toString());
			}
			finished = finished || choice.path("finish_reason").isString();
		}
		if (finished) {
			return new Completion(answer.toString(), servedModel);
		}
		throw VllmCallException.stream("the stream ended without [DONE]", answer.toString());
	}

	private Completion readWhole(String body, boolean chat, String model) throws VllmCallException {
		JsonNode json = parse(body);
		JsonNode choice = json.path("choices").path(0);
		JsonNode text = chat ? choice.path("message").path("content") : choice.path("text");
		if (!text.isString()) {
			throw VllmCallException.badResponse(chat ? "no choices[0].message.content" : "no choices[0].text", body);
		}
		return new Completion(text.asString(), json.path("model").asString(model));
	}

	private static JsonNode parse(String json) throws VllmCallException {
		try {
			JsonNode node = MessageJson.mapper().readTree(json);
			if (node == null || !node.isObject()) {
				throw VllmCallException.badResponse("not a JSON object", json);
			}
			return node;
		}
		catch (JacksonException ex) {
			throw VllmCallException.badResponse("not JSON", json);
		}
	}

	private Headers authorization() {
		String key = this.properties.apiKey();
		return (key == null || key.isBlank()) ? Headers.of() : Headers.of("Authorization", "Bearer " + key);
	}

	private static ObjectNode chatBody(String model, List<ChatMessage> messages) {
		ObjectNode body = withModel(model);
		ArrayNode array = body.putArray("messages");
		for (ChatMessage message : messages) {
			array.addObject().put("role", message.role()).put("content", message.content());
		}
		return body;
	}

	/**
	 * The completions API takes one text: the messages one after the other, then a cue to
	 * answer.
	 */
	private static ObjectNode completionBody(String model, List<ChatMessage> messages) {
		StringBuilder prompt = new StringBuilder();
		for (ChatMessage message : messages) {
			prompt.append(message.content()).append("\n\n");
		}
		return withModel(model).put("prompt", prompt.append("Answer:").toString());
	}

	private static ObjectNode withModel(String model) {
		ObjectNode body = MessageJson.mapper().createObjectNode();
		if (model != null) {
			body.put("model", model);
		}
		return body;
	}

	/**
	 * {@code http://host:8000}, {@code http://host:8000/} and {@code http://host:8000/v1}
	 * all mean the same server.
	 */
	static String root(String baseUrl) {
		String root = baseUrl.strip();
		while (root.endsWith("/")) {
			root = root.substring(0, root.length() - 1);
		}
		return root.endsWith("/v1") ? root.substring(0, root.length() - "/v1".length()) : root;
	}

}
