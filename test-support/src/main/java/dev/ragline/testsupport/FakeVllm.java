package dev.ragline.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import dev.ragline.contracts.MessageJson;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake OpenAI-compatible server that answers as vLLM does, or as llama.cpp's
 * llama-server does ({@link #startLlamaCpp}), following {@code docs/protocols/vllm.md}
 * and {@code docs/protocols/llama-cpp.md}: the served-model check with vLLM's 404
 * {@code NotFoundError} in either error era (llama.cpp serves any name), unknown routes,
 * 405, 307 for trailing slashes, 400 validation errors, context-length refusals with the
 * numbers each server reports, {@code /v1/models} (and llama.cpp's {@code /props}), SSE
 * streaming ending in {@code data: [DONE]}.
 *
 * <p>
 * Tests switch its behaviour at run time: latency, a hang (no response at all), failing
 * statuses, a connection reset before the response, an answer that breaks off after HTTP
 * 200 (the connection closes, or stalls), an error event in the stream, a trickle, a
 * context length, which error era it imitates.
 */
public final class FakeVllm implements AutoCloseable {

	/** vLLM error body shapes. */
	public enum ErrorEra {

		/** v0.10.1 and later: {@code {"error":{"message",...,"code"}}}. */
		NESTED,

		/** v0.10.0 and earlier: {@code {"object":"error","message",...,"code"}}. */
		FLAT

	}

	/** Which server it imitates. */
	/**
	 * The metric names {@code GET /metrics} uses: vLLM's V1 engine
	 * ({@code vllm:kv_cache_usage_perc}, an {@code engine} label) or V0
	 * ({@code vllm:gpu_cache_usage_perc}); a llama.cpp fake always answers in
	 * {@code llamacpp:} names, as {@code llama-server --metrics} does.
	 */
	public enum MetricsVersion {

		V0, V1

	}

	public enum Flavour {

		VLLM, LLAMA_CPP

	}

	/** The fake's tokenizer: one token per this many characters, rounded up. */
	public static final int CHARACTERS_PER_TOKEN = 4;

	/** Tokens the fake's chat template adds per message. */
	public static final int TOKENS_PER_MESSAGE = 4;

	static final String CHAT_PATH = "/v1/chat/completions";

	static final String COMPLETIONS_PATH = "/v1/completions";

	static final int PACED_BYTES = 64;

	/**
	 * Streamed bodies go out in chunks of this size: several events a chunk, so 64
	 * answers streamed at once cost the fake little.
	 */
	static final int CHUNK_BYTES = 1024;

	private static final Set<String> POST_ROUTES = Set.of(CHAT_PATH, COMPLETIONS_PATH);

	private static final Set<String> GET_ROUTES = Set.of("/v1/models", "/health", "/version", "/ping", "/metrics");

	private static final String JSON = "application/json";

	private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

	private final MockWebServer server = new MockWebServer();

	private final Flavour flavour;

	private final List<String> initialModels;

	private volatile List<String> servedModels;

	private final Queue<Recorded> requests = new ConcurrentLinkedQueue<>();

	private volatile boolean recording = true;

	private final AtomicInteger generations = new AtomicInteger();

	private volatile ErrorEra errorEra = ErrorEra.NESTED;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean hanging;

	private volatile int failureStatus;

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private final AtomicInteger resetsLeft = new AtomicInteger();

	private volatile String answer = "According to the passages, this is the answer from vLLM.";

	private volatile boolean openAiRoutes = true;

	private volatile boolean streamError;

	private volatile Duration streamPace = Duration.ZERO;

	private volatile double tokensPerSecond;

	private volatile Integer contextTokens;

	private volatile boolean reportsContextLength = true;

	private volatile int cutAfterEvents = -1;

	private volatile int stallAfterEvents = -1;

	private volatile Duration stall = Duration.ZERO;

	private final AtomicInteger concurrent = new AtomicInteger();

	private volatile IntSupplier requestsWaiting = () -> 0;

	private volatile double kvCacheUsage;

	private volatile MetricsVersion metricsVersion = MetricsVersion.V1;

	/** What {@code /metrics} counts: guarded by itself. */
	private final VllmBodies.Counters counters = new VllmBodies.Counters();

	private final AtomicInteger peakConcurrent = new AtomicInteger();

	private FakeVllm(Flavour flavour, List<String> servedModels) {
		this.flavour = flavour;
		this.initialModels = List.copyOf(servedModels);
		this.servedModels = this.initialModels;
	}

	/**
	 * Starts a fake vLLM on a free loopback port serving {@code servedModels} (first =
	 * default).
	 */
	public static FakeVllm start(String... servedModels) {
		return start(Flavour.VLLM, servedModels);
	}

	/**
	 * Starts a fake llama.cpp llama-server on a free loopback port with {@code model}
	 * loaded: it answers whatever model name is asked for.
	 */
	public static FakeVllm startLlamaCpp(String model) {
		return start(Flavour.LLAMA_CPP, model);
	}

	private static FakeVllm start(Flavour flavour, String... servedModels) {
		FakeVllm fake = new FakeVllm(flavour, List.of(servedModels));
		fake.server.setDispatcher(fake.new ServerDispatcher());
		fake.server.setServerSocketFactory(new FastServerSockets());
		try {
			fake.server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the fake " + flavour + " server", ex);
		}
		return fake;
	}

	/** The base URL, e.g. {@code http://127.0.0.1:41234} (no {@code /v1}). */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	/**
	 * Keeps no request from now on ({@link #requests} stays as it is): for a load run,
	 * where keeping every prompt (about 9 KB, 50 a second) would grow the heap of the
	 * process measuring the pipeline, and its GC pauses would show as the pipeline's.
	 */
	public FakeVllm withoutRecording() {
		this.recording = false;
		return this;
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
	 * What {@code /metrics} reports as requests waiting in the server's queue, read anew
	 * at each scrape (so a test can let it grow); {@code running} is the requests this
	 * fake is working on.
	 */
	public FakeVllm requestsWaiting(IntSupplier waiting) {
		this.requestsWaiting = waiting;
		return this;
	}

	/** The KV cache's used share {@code /metrics} reports, 0 to 1. */
	public FakeVllm kvCacheUsage(double usage) {
		this.kvCacheUsage = usage;
		return this;
	}

	public FakeVllm metricsVersion(MetricsVersion version) {
		this.metricsVersion = version;
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
	 * Generation requests fail with {@code status} (the server's JSON error body); 0
	 * serves again.
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

	/**
	 * The next {@code times} generation requests are read and then the connection closes
	 * before any response byte, as when the server process dies while working on them.
	 */
	public FakeVllm resettingTimes(int times) {
		this.resetsLeft.set(times);
		return this;
	}

	/**
	 * Streamed answers are generated at {@code tokensPerSecond} after the latency (the
	 * time to the first token): one event per token of four characters; {@code 0} sends
	 * the whole answer at once.
	 */
	public FakeVllm tokensPerSecond(double tokensPerSecond) {
		this.tokensPerSecond = tokensPerSecond;
		return this;
	}

	/** Streamed answers arrive slowly: {@value #PACED_BYTES} bytes per {@code pace}. */
	public FakeVllm streamPace(Duration pace) {
		this.streamPace = pace;
		return this;
	}

	/**
	 * Streams start (HTTP 200), send a few chunks, then an error event; vLLM then ends
	 * with {@code [DONE]}, llama.cpp ends without it.
	 */
	public FakeVllm streamError(boolean streamError) {
		this.streamError = streamError;
		return this;
	}

	/**
	 * Answers start (HTTP 200) and the connection closes after {@code events} events of a
	 * stream ({@code 0}: right after the headers), or in the middle of a whole answer, as
	 * when the server dies mid-answer. {@code -1} answers in full again.
	 */
	public FakeVllm cuttingAfter(int events) {
		this.cutAfterEvents = events;
		return this;
	}

	/**
	 * Answers start (HTTP 200), send {@code events} events and then nothing for
	 * {@code stall}, as a server that hangs mid-answer.
	 */
	public FakeVllm stallingAfter(int events, Duration stall) {
		this.stallAfterEvents = events;
		this.stall = stall;
		return this;
	}

	/**
	 * The model's context, in the fake's tokens ({@value #CHARACTERS_PER_TOKEN}
	 * characters each, plus {@value #TOKENS_PER_MESSAGE} per chat message): longer
	 * prompts are refused with 400 as the server does (vLLM: prompt plus
	 * {@code max_tokens} over the limit; llama.cpp: the prompt alone at the limit or
	 * over). {@code null}: no limit.
	 */
	public FakeVllm contextTokens(Integer tokens) {
		this.contextTokens = tokens;
		return this;
	}

	/**
	 * Whether {@code /v1/models} (and llama.cpp's {@code /props}) say the context length,
	 * as current servers do; older ones did not.
	 */
	public FakeVllm reportsContextLength(boolean reports) {
		this.reportsContextLength = reports;
		return this;
	}

	/** The most generation requests that were being answered at the same time. */
	public int peakConcurrency() {
		return this.peakConcurrent.get();
	}

	/**
	 * Starts {@link #peakConcurrency()} anew and changes nothing else (unlike
	 * {@link #reset()}, which also empties the queue its metrics report).
	 */
	public FakeVllm resetPeakConcurrency() {
		this.peakConcurrent.set(0);
		return this;
	}

	/**
	 * Back to the behaviour it started with: fast, healthy, newest error era, first
	 * models, no context limit.
	 */
	public FakeVllm reset() {
		this.servedModels = this.initialModels;
		this.errorEra = ErrorEra.NESTED;
		this.latency = Duration.ZERO;
		this.hanging = false;
		this.failureStatus = 0;
		this.failuresLeft.set(0);
		this.resetsLeft.set(0);
		this.openAiRoutes = true;
		this.streamError = false;
		this.streamPace = Duration.ZERO;
		this.tokensPerSecond = 0;
		this.contextTokens = null;
		this.reportsContextLength = true;
		this.cutAfterEvents = -1;
		this.stallAfterEvents = -1;
		this.peakConcurrent.set(0);
		this.requestsWaiting = () -> 0;
		this.kvCacheUsage = 0;
		this.metricsVersion = MetricsVersion.V1;
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

	/** The generation requests received, in order. */
	public List<Recorded> generationRequests() {
		return this.requests.stream().filter((request) -> POST_ROUTES.contains(request.path())).toList();
	}

	/** The tokens the fake counts for the prompt of a generation request. */
	public static int promptTokens(JsonNode request) {
		if (request.has("prompt")) {
			return tokens(request.path("prompt").asString(""));
		}
		int tokens = 0;
		for (JsonNode message : request.path("messages")) {
			tokens += tokens(message.path("content").asString("")) + TOKENS_PER_MESSAGE;
		}
		return tokens;
	}

	private static int tokens(String text) {
		return (text.length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * A request as the fake saw it.
	 *
	 * @param receivedAt when it arrived, as {@link System#nanoTime()}
	 */
	public record Recorded(String method, String path, String body, long receivedAt) {

		public Recorded(String method, String path, String body) {
			this(method, path, body, System.nanoTime());
		}

		public JsonNode json() {
			return MessageJson.mapper().readTree(this.body);
		}

	}

	private final class ServerDispatcher extends Dispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			ServedRequests.forgetOne(FakeVllm.this.server);
			String path = request.getUrl().encodedPath();
			String body = (request.getBody() != null) ? request.getBody().string(StandardCharsets.UTF_8) : "";
			if (FakeVllm.this.recording) {
				FakeVllm.this.requests.add(new Recorded(request.getMethod(), path, body));
			}
			boolean post = "POST".equals(request.getMethod());
			if (!FakeVllm.this.openAiRoutes && path.startsWith("/v1/")) {
				return notFound();
			}
			if (POST_ROUTES.contains(path)) {
				return post ? generate(path, request, body) : methodNotAllowed("POST");
			}
			if (GET_ROUTES.contains(path) || (isLlamaCpp() && "/props".equals(path))) {
				return post && !"/ping".equals(path) ? methodNotAllowed("GET") : info(path);
			}
			if (!isLlamaCpp() && path.endsWith("/")
					&& (POST_ROUTES.contains(stripSlash(path)) || GET_ROUTES.contains(stripSlash(path)))) {
				return new MockResponse.Builder().code(307).setHeader("location", stripSlash(path)).build();
			}
			return notFound();
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
			if (!isLlamaCpp() && !model.isEmpty() && !FakeVllm.this.servedModels.contains(model)) {
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
			MockResponse tooLong = contextRefusal(promptTokens(json), json.path("max_tokens").asInt(0));
			if (tooLong != null) {
				return tooLong;
			}
			if (FakeVllm.this.resetsLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
			}
			if (FakeVllm.this.hanging) {
				return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
			}
			work();
			int failure = FakeVllm.this.failureStatus;
			if (failure > 0 && FakeVllm.this.failuresLeft.getAndDecrement() > 0) {
				return (failure == 503 && isLlamaCpp()) ? llamaCppError(503, "Loading model", "unavailable_error")
						: error(failure, "Simulated failure", "InternalServerError", null);
			}
			FakeVllm.this.generations.incrementAndGet();
			FakeVllm.this.counters.served(promptTokens(json), FakeVllm.this.answer.split(" ").length,
					FakeVllm.this.latency);
			String served = FakeVllm.this.servedModels.get(0);
			if (json.path("stream").asBoolean(false)) {
				return stream(chat, served);
			}
			String completion = chat ? VllmBodies.chatCompletion(served, FakeVllm.this.answer)
					: VllmBodies.textCompletion(served, FakeVllm.this.answer);
			if (FakeVllm.this.cutAfterEvents >= 0) {
				return broken(JSON, BrokenBody.cutAfter(half(completion)));
			}
			return json(200, completion);
		}

		/** The generation's latency; concurrency counts requests in this work. */
		private void work() {
			int running = FakeVllm.this.concurrent.incrementAndGet();
			FakeVllm.this.peakConcurrent.accumulateAndGet(running, Math::max);
			try {
				sleep(FakeVllm.this.latency);
			}
			finally {
				FakeVllm.this.concurrent.decrementAndGet();
			}
		}

		private MockResponse stream(boolean chat, String served) {
			List<String> events = VllmBodies.events(chat, served, FakeVllm.this.answer);
			if (FakeVllm.this.cutAfterEvents >= 0) {
				return broken(EVENT_STREAM, BrokenBody.cutAfter(prefix(events, FakeVllm.this.cutAfterEvents)));
			}
			if (FakeVllm.this.stallAfterEvents >= 0) {
				return broken(EVENT_STREAM,
						BrokenBody.stallAfter(prefix(events, FakeVllm.this.stallAfterEvents), FakeVllm.this.stall));
			}
			MockResponse.Builder response = new MockResponse.Builder().code(200)
				.setHeader("content-type", EVENT_STREAM);
			double rate = FakeVllm.this.tokensPerSecond;
			if (rate > 0 && !FakeVllm.this.streamError) {
				List<String> paced = VllmBodies.events(chat, served, PacedBody.tokens(FakeVllm.this.answer));
				int head = chat ? 1 : 0;
				return response.setHeader("transfer-encoding", "chunked")
					.body(new PacedBody(paced.subList(0, head), paced.subList(head, paced.size() - 1),
							List.of(paced.get(paced.size() - 1), "data: [DONE]\n\n"), PacedBody.interval(rate)))
					.build();
			}
			if (!FakeVllm.this.streamPace.isZero()) {
				response.throttleBody(PACED_BYTES, FakeVllm.this.streamPace.toMillis(), TimeUnit.MILLISECONDS);
			}
			return response
				.chunkedBody(VllmBodies.stream(FakeVllm.this.flavour, chat, served, FakeVllm.this.answer,
						FakeVllm.this.streamError, FakeVllm.this.errorEra), CHUNK_BYTES)
				.build();
		}

		private MockResponse broken(String contentType, BrokenBody body) {
			return new MockResponse.Builder().code(200)
				.setHeader("content-type", contentType)
				.setHeader("transfer-encoding", "chunked")
				.body(body)
				.build();
		}

		private byte[] prefix(List<String> events, int count) {
			return String.join("", events.subList(0, Math.min(count, events.size()))).getBytes(StandardCharsets.UTF_8);
		}

		private byte[] half(String body) {
			return body.substring(0, body.length() / 2).getBytes(StandardCharsets.UTF_8);
		}

		/**
		 * The server's refusal of a prompt longer than its context, or {@code null} when
		 * it fits: vLLM counts the prompt and the answer's {@code max_tokens} together,
		 * llama.cpp the prompt alone, refusing it at the limit.
		 */
		private MockResponse contextRefusal(int prompt, int maxTokens) {
			Integer context = FakeVllm.this.contextTokens;
			if (context == null) {
				return null;
			}
			if (isLlamaCpp()) {
				if (prompt < context) {
					return null;
				}
				ObjectNode error = MessageJson.mapper().createObjectNode();
				ObjectNode info = error.putObject("error");
				info.put("code", 400);
				info.put("message", "request (" + prompt + " tokens) exceeds the available context size (" + context
						+ " tokens), try increasing it");
				info.put("type", "exceed_context_size_error");
				info.put("n_prompt_tokens", prompt);
				info.put("n_ctx", context);
				return json(400, MessageJson.toString(error));
			}
			if (prompt + maxTokens <= context) {
				return null;
			}
			if (FakeVllm.this.errorEra == ErrorEra.FLAT) {
				return error(400,
						"This model's maximum context length is " + context + " tokens. However, you requested "
								+ (prompt + maxTokens) + " tokens (" + prompt + " in the messages, " + maxTokens
								+ " in the completion). Please reduce the length of the messages or completion.",
						"BadRequestError", null);
			}
			return error(400, "This model's maximum context length is " + context + " tokens. However, you requested "
					+ maxTokens + " output tokens and your prompt contains " + prompt + " input tokens, for a total of "
					+ (prompt + maxTokens) + " tokens. Please reduce the length of the input prompt or the number "
					+ "of requested output tokens. (parameter=input_tokens, value=" + prompt + ")", "BadRequestError",
					"input_tokens");
		}

		private MockResponse info(String path) {
			Integer context = FakeVllm.this.reportsContextLength ? FakeVllm.this.contextTokens : null;
			return switch (path) {
				case "/v1/models" -> json(200, VllmBodies.models(FakeVllm.this.flavour, FakeVllm.this.servedModels,
						(context != null || !isLlamaCpp()) ? ((context != null) ? context : unlimited()) : null));
				case "/props" -> json(200, VllmBodies.llamaCppProps(FakeVllm.this.servedModels.get(0), context));
				case "/version" -> json(200, "{\"version\":\"0.11.0\"}");
				case "/metrics" -> new MockResponse.Builder().code(200)
					.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
					.body(VllmBodies.metrics(isLlamaCpp() ? null : FakeVllm.this.metricsVersion,
							FakeVllm.this.servedModels.get(0), FakeVllm.this.concurrent.get(),
							FakeVllm.this.requestsWaiting.getAsInt(), FakeVllm.this.kvCacheUsage,
							FakeVllm.this.counters))
					.build();
				case "/health" ->
					isLlamaCpp() ? json(200, "{\"status\":\"ok\"}") : new MockResponse.Builder().code(200).build();
				default -> new MockResponse.Builder().code(200).build();
			};
		}

		/** What vLLM reports without a limit set here: a large context. */
		private Integer unlimited() {
			return FakeVllm.this.reportsContextLength ? 131_072 : null;
		}

		private MockResponse notFound() {
			return isLlamaCpp() ? llamaCppError(404, "File Not Found", "not_found_error")
					: json(404, "{\"detail\":\"Not Found\"}");
		}

		private MockResponse validationError(String message, String param) {
			return isLlamaCpp() ? llamaCppError(400, message, "invalid_request_error")
					: error(400, message, "Bad Request", param);
		}

		private MockResponse llamaCppError(int status, String message, String type) {
			ObjectNode error = MessageJson.mapper().createObjectNode();
			ObjectNode info = error.putObject("error");
			info.put("code", status);
			info.put("message", message);
			info.put("type", type);
			return json(status, MessageJson.toString(error));
		}

		private MockResponse error(int status, String message, String type, String param) {
			if (isLlamaCpp()) {
				return llamaCppError(status, message, (status >= 500) ? "server_error" : "invalid_request_error");
			}
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
			return json(status, MessageJson.toString(error));
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

		private boolean isLlamaCpp() {
			return FakeVllm.this.flavour == Flavour.LLAMA_CPP;
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

}
