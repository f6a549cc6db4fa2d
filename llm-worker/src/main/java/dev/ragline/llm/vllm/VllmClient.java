package dev.ragline.llm.vllm;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.ragline.contracts.MessageJson;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import dev.ragline.llm.vllm.ServerInfo.Flavour;
import okhttp3.Call;
import okhttp3.Headers;
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
 * One call to an OpenAI-compatible server (vLLM, or llama.cpp's llama-server):
 * {@code /v1/chat/completions} or {@code /v1/completions}, streamed (SSE,
 * {@code data: ...} events ending in {@code data: [DONE]}) or not. Anything but a
 * completion is a {@link VllmCallException} that says which part of the exchange failed
 * and carries what came back; what it means is {@link VllmFailureClassifier}'s business.
 * The wire behaviour it expects is in {@code docs/protocols/vllm.md} and
 * {@code docs/protocols/llama-cpp.md}.
 */
public class VllmClient {

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String MODELS_PATH = "/v1/models";

	private static final String PROPS_PATH = "/props";

	private static final Duration INFO_TIMEOUT = Duration.ofSeconds(5);

	private static final String DATA = "data:";

	/** llama.cpp builds of 2025 sent a stream's error as an {@code error:} field. */
	private static final String ERROR_FIELD = "error:";

	private static final String DONE = "[DONE]";

	private final OkHttpClient http;

	private final VllmProperties properties;

	private final String root;

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

	/** The HTTP client calls go through (tests look at its sockets). */
	OkHttpClient http() {
		return this.http;
	}

	/**
	 * Asks for an answer, passing the text generated so far to {@code partial} while it
	 * streams.
	 * @param model the model to ask for, or {@code null} for the server's default
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
		Response response;
		try {
			response = call.execute();
		}
		catch (IOException ex) {
			throw VllmCallException.noResponse(ex);
		}
		try (response) {
			if (response.code() != 200) {
				throw VllmCallException.http(response.code(), bodyOrEmpty(response));
			}
			StringBuilder answer = new StringBuilder();
			try {
				if (String.valueOf(response.header("Content-Type")).startsWith("text/event-stream")) {
					return readStream(response.body().source(), chat, model, answer, partial);
				}
				return readWhole(response.body().string(), chat, model);
			}
			catch (IOException ex) {
				throw VllmCallException.bodyCut(ex, answer.toString());
			}
		}
	}

	/**
	 * What the server says about itself: {@code GET /v1/models}, and for llama.cpp
	 * without the context length there, {@code GET /props}. {@link ServerInfo#UNKNOWN}
	 * when it does not answer so.
	 */
	ServerInfo serverInfo() {
		JsonNode models = getJson(MODELS_PATH);
		if (models == null || !models.path("data").isArray() || models.path("data").isEmpty()) {
			return ServerInfo.UNKNOWN;
		}
		List<String> names = new ArrayList<>();
		JsonNode chosen = null;
		String configured = this.properties.model();
		for (JsonNode card : models.path("data")) {
			names.add(card.path("id").asString());
			if (chosen == null || card.path("id").asString().equals(configured)) {
				chosen = (chosen == null || card.path("id").asString().equals(configured)) ? card : chosen;
			}
		}
		Flavour flavour = switch (chosen.path("owned_by").asString("")) {
			case "vllm" -> Flavour.VLLM;
			case "llamacpp" -> Flavour.LLAMA_CPP;
			default -> Flavour.OTHER;
		};
		Integer context = positive(chosen.path("max_model_len"));
		if (context == null) {
			context = positive(chosen.path("meta").path("n_ctx"));
		}
		if (context == null && flavour == Flavour.LLAMA_CPP) {
			JsonNode props = getJson(PROPS_PATH);
			context = (props != null) ? positive(props.path("default_generation_settings").path("n_ctx")) : null;
		}
		return new ServerInfo(names, context, flavour);
	}

	private JsonNode getJson(String path) {
		Request request = new Request.Builder().url(this.root + path).get().headers(authorization()).build();
		Call call = this.http.newCall(request);
		call.timeout().timeout(INFO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		try (Response response = call.execute()) {
			if (response.code() != 200) {
				return null;
			}
			JsonNode json = MessageJson.mapper().readTree(response.body().string());
			return (json != null && json.isObject()) ? json : null;
		}
		catch (IOException | JacksonException ex) {
			return null;
		}
	}

	private static Integer positive(JsonNode number) {
		return (number.isNumber() && number.asInt() > 0) ? number.asInt() : null;
	}

	private Completion readStream(BufferedSource source, boolean chat, String model, StringBuilder answer,
			Consumer<String> partial) throws IOException, VllmCallException {
		StringBuilder event = new StringBuilder();
		String servedModel = model;
		boolean finished = false;
		boolean error = false;
		String line;
		while ((line = source.readUtf8Line()) != null) {
			if (line.startsWith(DATA) || line.startsWith(ERROR_FIELD)) {
				error = error || line.startsWith(ERROR_FIELD);
				event.append(line.substring(line.indexOf(':') + 1).stripLeading());
				continue;
			}
			if (!line.isEmpty() || event.length() == 0) {
				// a comment (": keep-alive") or a field ragline does not use
				continue;
			}
			String data = event.toString();
			event.setLength(0);
			if (DONE.equals(data)) {
				return new Completion(answer.toString(), servedModel);
			}
			JsonNode chunk = parse(data);
			if (error || chunk.has("error")) {
				throw VllmCallException.streamError(data, answer.toString());
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
		throw new java.io.EOFException("the stream ended without a finish reason or [DONE]");
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

	private static String bodyOrEmpty(Response response) {
		try {
			return response.body().string();
		}
		catch (IOException ex) {
			return "";
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
	public static String root(String baseUrl) {
		String root = baseUrl.strip();
		while (root.endsWith("/")) {
			root = root.substring(0, root.length() - 1);
		}
		return root.endsWith("/v1") ? root.substring(0, root.length() - "/v1".length()) : root;
	}

}
