package dev.ragline.llm.vllm;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.llm.generation.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls vLLM's OpenAI-compatible {@code POST /v1/chat/completions}. Anything but a
 * completion becomes a {@link BackendUnavailableException} whose reason says what
 * happened, so the query is rerouted to the fallback backend.
 */
public class VllmClient {

	private static final Logger logger = LoggerFactory.getLogger(VllmClient.class);

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String CHAT_PATH = "/v1/chat/completions";

	private static final String MODELS_PATH = "/v1/models";

	private static final Duration MODELS_TIMEOUT = Duration.ofSeconds(5);

	private final OkHttpClient http;

	private final VllmProperties properties;

	private final Clock clock;

	private final String root;

	private volatile String defaultModel;

	public VllmClient(OkHttpClient shared, VllmProperties properties, Clock clock) {
		this.http = shared.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.callTimeout(properties.callTimeout())
			// a 307 from vLLM means a wrong path; following it would hide the
			// misconfiguration
			.followRedirects(false)
			.build();
		this.properties = properties;
		this.clock = clock;
		this.root = properties.configured() ? root(properties.baseUrl()) : null;
	}

	public boolean configured() {
		return this.root != null;
	}

	/** The URL completions are requested from. */
	public String chatUrl() {
		return this.root + CHAT_PATH;
	}

	/**
	 * Asks vLLM for a chat completion.
	 * @throws BackendUnavailableException when vLLM did not answer with a completion
	 */
	public Completion complete(String queryId, List<ChatMessage> messages, int maxTokens, double temperature) {
		String model = model();
		Request request = new Request.Builder().url(chatUrl())
			.post(RequestBody.create(MessageJson.toBytes(body(model, messages, maxTokens, temperature)), JSON))
			.headers(authorization())
			.build();
		Instant start = this.clock.instant();
		try (Response response = this.http.newCall(request).execute()) {
			String body = response.body().string();
			if (response.code() == 200) {
				return parse(queryId, model, body, start);
			}
			throw unavailable(queryId, model, start,
					describe(new VllmFailureClassifier.HttpAnswer(response.code(), body)));
		}
		catch (IOException ex) {
			throw unavailable(queryId, model, start, VllmFailureClassifier.classify(ex, chatUrl(), 1));
		}
	}

	/**
	 * The model names vLLM serves, from {@code GET /v1/models}; empty when it cannot
	 * tell.
	 */
	public List<String> servedModels() {
		Request request = new Request.Builder().url(this.root + MODELS_PATH).get().headers(authorization()).build();
		OkHttpClient quick = this.http.newBuilder().callTimeout(MODELS_TIMEOUT).build();
		try (Response response = quick.newCall(request).execute()) {
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

	private FallbackReason describe(VllmFailureClassifier.HttpAnswer answer) {
		FallbackReason reason = VllmFailureClassifier.classify(answer, chatUrl(), 1);
		if (FallbackReason.VLLM_MODEL_NOT_FOUND.equals(reason.code())) {
			List<String> served = servedModels();
			String configured = (this.properties.model() != null) ? this.properties.model() : "(none)";
			logger.error("vLLM at {} does not serve model '{}'; it serves {}. Set ragline.vllm.model "
					+ "(RAGLINE_VLLM_MODEL) to one of those.", chatUrl(), configured, served);
			return new FallbackReason(reason.code(), reason.httpStatus(), reason.detail() + " Served models: " + served,
					reason.attempts());
		}
		if (FallbackReason.VLLM_ROUTE_NOT_FOUND.equals(reason.code())) {
			logger.error("vLLM base URL looks wrong: POST {} answered 404 {}. The base URL must be where the "
					+ "OpenAI-compatible server listens, e.g. http://vllm:8000 (ragline adds /v1/chat/completions); "
					+ "check ragline.vllm.base-url (RAGLINE_VLLM_BASEURL).", chatUrl(), answer.excerpt());
		}
		return reason;
	}

	private String model() {
		String configured = this.properties.model();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (this.defaultModel == null) {
			List<String> served = servedModels();
			if (!served.isEmpty()) {
				this.defaultModel = served.get(0);
				logger.info("ragline.vllm.model is not set; using the first model vLLM serves: {}", this.defaultModel);
			}
		}
		return this.defaultModel;
	}

	private Completion parse(String queryId, String model, String body, Instant start) {
		try {
			JsonNode json = MessageJson.mapper().readTree(body);
			JsonNode content = json.path("choices").path(0).path("message").path("content");
			if (!content.isString()) {
				throw new IllegalStateException("no choices[0].message.content");
			}
			return new Completion(content.asString(), json.path("model").asString(model));
		}
		catch (JacksonException | IllegalStateException ex) {
			String excerpt = new VllmFailureClassifier.HttpAnswer(200, body).excerpt();
			throw unavailable(queryId, model, start, new FallbackReason(FallbackReason.VLLM_BAD_RESPONSE, 200,
					"vLLM answered 200 without a chat completion (" + ex.getMessage() + "): " + excerpt, 1));
		}
	}

	private BackendUnavailableException unavailable(String queryId, String model, Instant start,
			FallbackReason reason) {
		Instant end = this.clock.instant();
		Attempt attempt = new Attempt(Backends.VLLM, model, Attempt.REROUTED, reason.code(), start,
				Duration.between(start, end).toMillis());
		return new BackendUnavailableException(queryId, reason, attempt, null);
	}

	private okhttp3.Headers authorization() {
		String key = this.properties.apiKey();
		return (key == null || key.isBlank()) ? okhttp3.Headers.of()
				: okhttp3.Headers.of("Authorization", "Bearer " + key);
	}

	private static ObjectNode body(String model, List<ChatMessage> messages, int maxTokens, double temperature) {
		ObjectNode body = MessageJson.mapper().createObjectNode();
		if (model != null) {
			body.put("model", model);
		}
		ArrayNode array = body.putArray("messages");
		for (ChatMessage message : messages) {
			array.addObject().put("role", message.role()).put("content", message.content());
		}
		body.put("max_tokens", maxTokens);
		body.put("temperature", temperature);
		body.put("stream", false);
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
