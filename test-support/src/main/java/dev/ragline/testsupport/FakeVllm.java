package dev.ragline.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ragline.contracts.MessageJson;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake vLLM OpenAI-compatible server that answers as the real one does
 * ({@code shared/protocols/vllm-ollama.md}, part A): served-model check with the 404
 * {@code NotFoundError} body in either error era, FastAPI's {@code {"detail":"Not
 * Found"}} for unknown routes, 405 for wrong methods, 307 for trailing slashes, 400
 * validation errors, {@code /v1/models}, {@code /health}, SSE streaming ending in
 * {@code data: [DONE]}.
 *
 * <p>
 * Tests switch its behaviour at run time: latency, a hang (no response at all), a failing
 * status, or which error era it imitates.
 */
public final class FakeVllm implements AutoCloseable {

	/** vLLM error body shapes. */
	public enum ErrorEra {

		/** v0.10.1 and later: {@code {"error":{"message",...,"code"}}}. */
		NESTED,

		/** v0.10.0 and earlier: {@code {"object":"error","message",...,"code"}}. */
		FLAT

	}

	static final String CHAT_PATH = "/v1/chat/completions";

	static final int PACED_BYTES = 64;

	/**
	 * Streamed bodies go out in chunks of this size: several events a chunk, so 64
	 * answers streamed at once cost the fake little.
	 */
	static final int CHUNK_BYTES = 1024;

	static final String COMPLETIONS_PATH = "/v1/completions";

	private static final Set<String> POST_ROUTES = Set.of(CHAT_PATH, COMPLETIONS_PATH);

	private static final Set<String> GET_ROUTES = Set.of("/v1/models", "/health", "/version", "/ping");

	private static final String JSON = "application/json";

	private final MockWebServer server = new MockWebServer();

	private volatile List<String> servedModels;

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger generations = new AtomicInteger();

	private volatile ErrorEra errorEra = ErrorEra.NESTED;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean hanging;

	private volatile int failureStatus;

	private volatile String answer = "According to the passages, this is the answer from vLLM.";

	private volatile boolean openAiRoutes = true;

	private volatile boolean streamError;

	private volatile Duration streamPace = Duration.ZERO;

	private volatile int maxPromptCharacters = Integer.MAX_VALUE;

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private final AtomicInteger concurrent = new AtomicInteger();

	private final AtomicInteger peakConcurrent = new AtomicInteger();

	private final List<String> initialModels;

	private FakeVllm(List<String> servedModels) {
		this.initialModels = List.copyOf(servedModels);
		this.servedModels = this.initialModels;
	}

	/**
	 * Starts a server on a free loopback port serving {@code servedModels} (first =
	 * default).
	 */
	public static FakeVllm start(String... servedModels) {
		FakeVllm fake = new FakeVllm(List.of(servedModels));
		fake.server.setDispatcher(fake.new VllmDispatcher());
		fake.server.setServerSocketFactory(new FastServerSockets());
		try {
			fake.server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the fake vLLM server", ex);
		}
		return fake;
	}

	/** The base URL, e.g. {@code http://127.0.0.1:41234} (no {@code /v1}). */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	public FakeVllm answering(String answer) {
		this.answer = answer;
		return this;
	}

	/**
	 * From now on serves {@code models} (first = default), as after a restart with other
	 * names.
	 */
	public FakeVllm serving(String... models) {
		this.servedModels = List.of(models);
		return this;
	}

	/**
	 * Without the OpenAI routes every {@code /v1/*} path is FastAPI's {@code 404
	 * {"detail":"Not Found"}}, as when vLLM's demo {@code api_server} (only
	 * {@code /generate}) or another server answers at the base URL.
	 */
	public FakeVllm openAiRoutes(boolean enabled) {
		this.openAiRoutes = enabled;
		return this;
	}

	public FakeVllm errorEra(ErrorEra era) {
		this.errorEra = era;
		return this;
	}

	/** Every generation waits this long before the response headers. */
	public FakeVllm latency(Duration latency) {
		this.latency = latency;
		return this;
	}

	/**
	 * Generation requests never get a response: the connection stalls until the client
	 * gives up.
	 */
	public FakeVllm hanging(boolean hanging) {
		this.hanging = hanging;
		return this;
	}

	/**
	 * Generation requests fail with {@code status} (vLLM's JSON error body); 0 serves
	 * again.
	 */
	public FakeVllm failingWith(int status) {
		this.failureStatus = status;
		this.failuresLeft.set(Integer.MAX_VALUE);
		return this;
	}

	/**
	 * The next {@code times} generation requests fail with {@code status}, later ones
	 * succeed.
	 */
	public FakeVllm failingTimes(int times, int status) {
		this.failureStatus = status;
		this.failuresLeft.set(times);
		return this;
	}

	/** Streamed answers arrive slowly: {@value #PACED_BYTES} bytes per {@code pace}. */
	public FakeVllm streamPace(Duration pace) {
		this.streamPace = pace;
		return this;
	}

	/**
	 * Streams start (HTTP 200), send a few chunks, then an error event and
	 * {@code [DONE]}.
	 */
	public FakeVllm streamError(boolean streamError) {
		this.streamError = streamError;
		return this;
	}

	/**
	 * Prompts (all message contents together) longer than {@code characters} are refused
	 * with 400 as exceeding the model's context, as vLLM does when input tokens exceed
	 * {@code max_model_len}.
	 */
	public FakeVllm maxPromptCharacters(int characters) {
		this.maxPromptCharacters = characters;
		return this;
	}

	/** The most generation requests that were being answered at the same time. */
	public int peakConcurrency() {
		return this.peakConcurrent.get();
	}

	/**
	 * Back to the behaviour it started with: fast, healthy, newest error era, first
	 * models.
	 */
	public FakeVllm reset() {
		this.servedModels = this.initialModels;
		this.errorEra = ErrorEra.NESTED;
		this.latency = Duration.ZERO;
		this.hanging = false;
		this.failureStatus = 0;
		this.failuresLeft.set(0);
		this.openAiRoutes = true;
		this.streamError = false;
		this.streamPace = Duration.ZERO;
		this.maxPromptCharacters = Integer.MAX_VALUE;
		this.peakConcurrent.set(0);
		this.requests.clear();
		this.generations.set(0);
		return this;
	}

	/** How many generation requests were answered successfully. */
	public int generations() {
		return this.generations.get();
	}

	/** Every request received, in order. */
	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	@Override
	public void close() {
		this.server.close();
	}

	/** A request as the fake saw it. */
	public record Recorded(String method, String path, String body) {

		public JsonNode json() {
			return MessageJson.mapper().readTree(this.body);
		}

	}

	private final class VllmDispatcher extends Dispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			String path = request.getUrl().encodedPath();
			String body = (request.getBody() != null) ? request.getBody().string(StandardCharsets.UTF_8) : "";
			FakeVllm.this.requests.add(new Recorded(request.getMethod(), path, body));
			boolean post = "POST".equals(request.getMethod());
			if (!FakeVllm.this.openAiRoutes && path.startsWith("/v1/")) {
				return json(404, "{\"detail\":\"Not Found\"}");
			}
			if (POST_ROUTES.contains(path)) {
				return post ? generate(path, request, body) : methodNotAllowed("POST");
			}
			if (GET_ROUTES.contains(path)) {
				return post && !"/ping".equals(path) ? methodNotAllowed("GET") : info(path);
			}
			if (path.endsWith("/")
					&& (POST_ROUTES.contains(stripSlash(path)) || GET_ROUTES.contains(stripSlash(path)))) {
				return new MockResponse.Builder().code(307).setHeader("location", stripSlash(path)).build();
			}
			return json(404, "{\"detail\":\"Not Found\"}");
		}

		private MockResponse generate(String path, RecordedRequest request, String body) {
			String contentType = request.getHeaders().get("Content-Type");
			if (contentType == null || !contentType.startsWith(JSON)) {
				return validationError("Unsupported Media Type: Only 'application/json' is allowed", null);
			}
			JsonNode json;
			try {
				json = MessageJson.mapper().readTree(body);
			}
			catch (JacksonException ex) {
				return validationError("JSON decode error", "body");
			}
			String model = json.path("model").asString("");
			if (!model.isEmpty() && !FakeVllm.this.servedModels.contains(model)) {
				return error(404, "The model `" + model + "` does not exist.", "NotFoundError", "model");
			}
			boolean chat = CHAT_PATH.equals(path);
			if (chat && !json.path("messages").isArray()) {
				return validationError("1 validation error:\n  {'type': 'missing', 'loc': ('body', 'messages'), "
						+ "'msg': 'Field required'}", "body.messages");
			}
			if (!chat && !json.hasNonNull("prompt")) {
				return validationError("Either prompt or prompt_embeds must be provided and non-empty.", null);
			}
			int promptLength = promptLength(json, chat);
			if (promptLength > FakeVllm.this.maxPromptCharacters) {
				return promptTooLong(promptLength, json.path("max_tokens").asInt(16));
			}
			if (FakeVllm.this.hanging) {
				return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
			}
			int running = FakeVllm.this.concurrent.incrementAndGet();
			FakeVllm.this.peakConcurrent.accumulateAndGet(running, Math::max);
			try {
				// the latency is spent here: concurrency counts requests in work
				sleep(FakeVllm.this.latency);
			}
			finally {
				FakeVllm.this.concurrent.decrementAndGet();
			}
			MockResponse.Builder response = new MockResponse.Builder();
			int failure = FakeVllm.this.failureStatus;
			if (failure > 0 && FakeVllm.this.failuresLeft.getAndDecrement() > 0) {
				return errorBody(response, failure, "Simulated failure", "InternalServerError", null);
			}
			FakeVllm.this.generations.incrementAndGet();
			String served = FakeVllm.this.servedModels.get(0);
			if (json.path("stream").asBoolean(false)) {
				if (!FakeVllm.this.streamPace.isZero()) {
					response.throttleBody(PACED_BYTES, FakeVllm.this.streamPace.toMillis(), TimeUnit.MILLISECONDS);
				}
				return VllmBodies.stream(response, chat, served, FakeVllm.this.answer, FakeVllm.this.streamError,
						FakeVllm.this.errorEra);
			}
			String completion = chat ? VllmBodies.chatCompletion(served, FakeVllm.this.answer)
					: VllmBodies.textCompletion(served, FakeVllm.this.answer);
			return response.code(200).setHeader("content-type", JSON).body(completion).build();
		}

		private int promptLength(JsonNode json, boolean chat) {
			if (!chat) {
				return json.path("prompt").asString("").length();
			}
			int length = 0;
			for (JsonNode message : json.path("messages")) {
				length += message.path("content").asString("").length();
			}
			return length;
		}

		/**
		 * As vLLM's _validate_input words it (new era), or as v0.5-era servers did
		 * (flat).
		 */
		private MockResponse promptTooLong(int promptLength, int maxTokens) {
			int contextLength = FakeVllm.this.maxPromptCharacters;
			if (FakeVllm.this.errorEra == ErrorEra.FLAT) {
				return error(400,
						"This model's maximum context length is " + contextLength + " tokens. However, you requested "
								+ (promptLength + maxTokens) + " tokens (" + promptLength + " in the messages, "
								+ maxTokens + " in the completion). Please reduce the length of the "
								+ "messages or completion.",
						"BadRequestError", null);
			}
			return error(400, "This model's maximum context length is " + contextLength
					+ " tokens. However, your request has " + promptLength
					+ " input tokens. Please reduce the length of the input messages. (parameter=input_tokens, value="
					+ promptLength + ")", "BadRequestError", "input_tokens");
		}

		private MockResponse info(String path) {
			return switch (path) {
				case "/v1/models" -> json(200, VllmBodies.models(FakeVllm.this.servedModels));
				case "/version" -> json(200, "{\"version\":\"0.11.0\"}");
				default -> new MockResponse.Builder().code(200).build();
			};
		}

		private MockResponse validationError(String message, String param) {
			return error(400, message, "Bad Request", param);
		}

		private MockResponse error(int status, String message, String type, String param) {
			return errorBody(new MockResponse.Builder(), status, message, type, param);
		}

		private MockResponse errorBody(MockResponse.Builder response, int status, String message, String type,
				String param) {
			ObjectNode error = MessageJson.mapper().createObjectNode();
			if (FakeVllm.this.errorEra == ErrorEra.FLAT) {
				error.put("object", "error");
				error.put("message", message);
				error.put("type", type);
				error.putNull("param");
				error.put("code", status);
			}
			else {
				ObjectNode info = error.putObject("error");
				info.put("message", message);
				info.put("type", type);
				if (param != null) {
					info.put("param", param);
				}
				else {
					info.putNull("param");
				}
				info.put("code", status);
			}
			return response.code(status).setHeader("content-type", JSON).body(MessageJson.toString(error)).build();
		}

		private MockResponse methodNotAllowed(String allowed) {
			return new MockResponse.Builder().code(405)
				.setHeader("content-type", JSON)
				.setHeader("allow", allowed)
				.body("{\"detail\":\"Method Not Allowed\"}")
				.build();
		}

		private MockResponse json(int status, String body) {
			return new MockResponse.Builder().code(status).setHeader("content-type", JSON).body(body).build();
		}

		private void sleep(Duration duration) {
			if (duration.isZero()) {
				return;
			}
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private String stripSlash(String path) {
			return path.substring(0, path.length() - 1);
		}

	}

	/**
	 * Bodies vLLM sends, field for field (nulls included, as pydantic's model_dump keeps
	 * them).
	 */
	static final class VllmBodies {

		private VllmBodies() {
		}

		static String chatCompletion(String model, String answer) {
			ObjectNode root = envelope("chatcmpl-", "chat.completion", model);
			ObjectNode choice = root.putArray("choices").addObject();
			choice.put("index", 0);
			ObjectNode message = choice.putObject("message");
			message.put("role", "assistant");
			message.put("content", answer);
			message.putNull("refusal");
			message.putNull("annotations");
			message.putNull("audio");
			message.putNull("function_call");
			message.putArray("tool_calls");
			message.putNull("reasoning_content");
			choice.putNull("logprobs");
			choice.put("finish_reason", "stop");
			choice.putNull("stop_reason");
			root.putNull("service_tier");
			root.putNull("system_fingerprint");
			usage(root, answer);
			root.putNull("prompt_logprobs");
			root.putNull("kv_transfer_params");
			return MessageJson.toString(root);
		}

		static String textCompletion(String model, String answer) {
			ObjectNode root = envelope("cmpl-", "text_completion", model);
			ObjectNode choice = root.putArray("choices").addObject();
			choice.put("index", 0);
			choice.put("text", answer);
			choice.putNull("logprobs");
			choice.put("finish_reason", "stop");
			choice.putNull("stop_reason");
			choice.putNull("prompt_logprobs");
			root.putNull("service_tier");
			root.putNull("system_fingerprint");
			usage(root, answer);
			root.putNull("kv_transfer_params");
			return MessageJson.toString(root);
		}

		static String models(List<String> served) {
			ObjectNode root = MessageJson.mapper().createObjectNode();
			root.put("object", "list");
			ArrayNode data = root.putArray("data");
			for (String name : served) {
				ObjectNode card = data.addObject();
				card.put("id", name);
				card.put("object", "model");
				card.put("created", System.currentTimeMillis() / 1000);
				card.put("owned_by", "vllm");
				card.put("root", name);
				card.putNull("parent");
				card.put("max_model_len", 4096);
			}
			return MessageJson.toString(root);
		}

		/**
		 * SSE: a role chunk (chat), one chunk per word, a finish chunk, then
		 * {@code data: [DONE]}; with {@code error}, an error event after the second word
		 * instead, then {@code [DONE]} (the HTTP status stays 200, as in vLLM's stream
		 * generators).
		 */
		static MockResponse stream(MockResponse.Builder response, boolean chat, String model, String answer,
				boolean error, ErrorEra era) {
			StringBuilder events = new StringBuilder();
			String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
			long created = System.currentTimeMillis() / 1000;
			if (chat) {
				events.append(sse(chunk(id, created, model, true, "{\"role\":\"assistant\",\"content\":\"\"}", null)));
			}
			String[] words = answer.split("(?<= )");
			for (int i = 0; i < words.length; i++) {
				if (error && i == 2) {
					events.append(sse(streamError(era)));
					events.append("data: [DONE]\n\n");
					return eventStream(response, events);
				}
				String text = MessageJson.toString(words[i]);
				String delta = chat ? "{\"content\":" + text + "}" : text;
				events.append(sse(chunk(id, created, model, chat, delta, null)));
			}
			events.append(sse(chunk(id, created, model, chat, chat ? "{}" : "\"\"", "stop")));
			events.append("data: [DONE]\n\n");
			return eventStream(response, events);
		}

		private static MockResponse eventStream(MockResponse.Builder response, StringBuilder events) {
			return response.code(200)
				.setHeader("content-type", "text/event-stream; charset=utf-8")
				.chunkedBody(events.toString(), CHUNK_BYTES)
				.build();
		}

		private static String streamError(ErrorEra era) {
			String inner = "\"message\":\"EngineGenerateError: generation failed\",\"type\":\"InternalServerError\","
					+ "\"param\":null,\"code\":500";
			return (era == ErrorEra.FLAT) ? "{\"error\":{\"object\":\"error\"," + inner + "}}"
					: "{\"error\":{" + inner + "}}";
		}

		private static String chunk(String id, long created, String model, boolean chat, String delta,
				String finishReason) {
			String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
			String choice = chat
					? "{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}"
					: "{\"index\":0,\"text\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish
							+ ",\"stop_reason\":null}";
			return "{\"id\":\"" + id + "\",\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
					+ "\",\"created\":" + created + ",\"model\":" + MessageJson.toString(model) + ",\"choices\":["
					+ choice + "]" + (chat ? "" : ",\"usage\":null") + "}";
		}

		private static String sse(String json) {
			return "data: " + json + "\n\n";
		}

		private static ObjectNode envelope(String idPrefix, String object, String model) {
			ObjectNode root = MessageJson.mapper().createObjectNode();
			root.put("id", idPrefix + UUID.randomUUID().toString().replace("-", ""));
			root.put("object", object);
			root.put("created", System.currentTimeMillis() / 1000);
			root.put("model", model);
			return root;
		}

		private static void usage(ObjectNode root, String answer) {
			int completion = answer.split("\\s+").length;
			int prompt = 42;
			ObjectNode usage = root.putObject("usage");
			usage.put("prompt_tokens", prompt);
			usage.put("total_tokens", prompt + completion);
			usage.put("completion_tokens", completion);
			usage.putNull("prompt_tokens_details");
		}

	}

}
