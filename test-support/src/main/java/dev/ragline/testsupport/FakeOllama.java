package dev.ragline.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
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
 * A fake Ollama server that answers as the real one does
 * ({@code docs/protocols/ollama.md}): {@code /api/chat} streams NDJSON unless
 * {@code "stream": false}, 404 {@code {"error":"model 'x' not found"}} for models not
 * pulled, 503 with the exact busy message, gin's plain-text {@code 404 page not found}
 * for unknown routes, {@code Ollama is running} at {@code /}.
 */
public final class FakeOllama implements AutoCloseable {

	/** Ollama's scheduler queue-full message, two spaces included. */
	public static final String BUSY_MESSAGE = "server busy, please try again.  maximum pending requests exceeded";

	private static final String JSON = "application/json; charset=utf-8";

	private static final String NDJSON = "application/x-ndjson";

	private static final String TEXT = "text/plain; charset=utf-8";

	private final MockWebServer server = new MockWebServer();

	private final List<String> initialModels;

	private volatile List<String> pulledModels;

	/** Models a chat has loaded, as {@code /api/ps} lists them. */
	private final Set<String> loadedModels = new ConcurrentSkipListSet<>();

	private final Queue<FakeVllm.Recorded> requests = new ConcurrentLinkedQueue<>();

	private final AtomicInteger chats = new AtomicInteger();

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean busy;

	private volatile boolean hanging;

	private volatile boolean streamError;

	private volatile double tokensPerSecond;

	private volatile String answer = "According to the passages, this is the answer from Ollama.";

	/** What a loaded 3B model takes in memory, as {@code /api/ps} reports it. */
	public static final long LOADED_MODEL_BYTES = 3_253_468_160L;

	private FakeOllama(List<String> pulledModels) {
		this.initialModels = pulledModels.stream().map(FakeOllama::withTag).toList();
		this.pulledModels = this.initialModels;
	}

	/** Starts a server on a free loopback port with {@code pulledModels} available. */
	public static FakeOllama start(String... pulledModels) {
		FakeOllama fake = new FakeOllama(List.of(pulledModels));
		fake.server.setDispatcher(fake.new OllamaDispatcher());
		fake.server.setServerSocketFactory(new FastServerSockets());
		try {
			fake.server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the fake Ollama server", ex);
		}
		return fake;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	public FakeOllama answering(String answer) {
		this.answer = answer;
		return this;
	}

	public FakeOllama latency(Duration latency) {
		this.latency = latency;
		return this;
	}

	/**
	 * While busy, chats get 503 with {@link #BUSY_MESSAGE}, as when the queue is full.
	 */
	public FakeOllama busy(boolean busy) {
		this.busy = busy;
		return this;
	}

	/**
	 * Streamed answers are generated at {@code tokensPerSecond} after the latency (the
	 * time to the first token): one line per token of four characters; {@code 0} sends
	 * the whole answer at once.
	 */
	public FakeOllama tokensPerSecond(double tokensPerSecond) {
		this.tokensPerSecond = tokensPerSecond;
		return this;
	}

	/**
	 * Streamed chats send a few lines, then {@code {"error":"..."}} with the status still
	 * 200.
	 */
	public FakeOllama streamError(boolean streamError) {
		this.streamError = streamError;
		return this;
	}

	/** Chats never get a response. */
	public FakeOllama hanging(boolean hanging) {
		this.hanging = hanging;
		return this;
	}

	/** From now on has exactly {@code models} pulled. */
	public FakeOllama pulled(String... models) {
		this.pulledModels = java.util.Arrays.stream(models).map(FakeOllama::withTag).toList();
		return this;
	}

	/** Back to the behaviour it started with: fast, idle, first models pulled. */
	public FakeOllama reset() {
		this.pulledModels = this.initialModels;
		this.latency = Duration.ZERO;
		this.busy = false;
		this.hanging = false;
		this.streamError = false;
		this.tokensPerSecond = 0;
		this.requests.clear();
		this.chats.set(0);
		return this;
	}

	/** How many chats were answered. */
	public int chats() {
		return this.chats.get();
	}

	public List<FakeVllm.Recorded> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The {@code POST /api/chat} requests received so far: the generations, without the
	 * telemetry reads ({@code /api/ps}) an llm-worker makes on its own.
	 */
	public List<FakeVllm.Recorded> chatRequests() {
		return this.requests.stream().filter((request) -> "/api/chat".equals(request.path())).toList();
	}

	@Override
	public void close() {
		this.server.close();
	}

	private static String withTag(String model) {
		return model.contains(":") ? model : model + ":latest";
	}

	private final class OllamaDispatcher extends Dispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			ServedRequests.forgetOne(FakeOllama.this.server);
			String path = request.getUrl().encodedPath();
			String method = request.getMethod();
			String body = (request.getBody() != null) ? request.getBody().string(StandardCharsets.UTF_8) : "";
			FakeOllama.this.requests.add(new FakeVllm.Recorded(method, path, body));
			return switch (path) {
				case "/" -> isRead(method) ? text(200, "Ollama is running") : text(405, "405 method not allowed");
				case "/api/version" -> isRead(method) ? json(200, "{\"version\":\"0.33.0\"}") : notAllowed();
				case "/api/tags" -> isRead(method) ? json(200, tags()) : notAllowed();
				case "/api/ps" -> isRead(method) ? json(200, running()) : notAllowed();
				case "/api/chat" -> "POST".equals(method) ? chat(body) : notAllowed();
				default -> text(404, "404 page not found");
			};
		}

		private MockResponse chat(String body) {
			if (body.isEmpty()) {
				return error(400, "missing request body");
			}
			JsonNode json;
			try {
				json = MessageJson.mapper().readTree(body);
			}
			catch (JacksonException ex) {
				return error(400, "invalid character in request body");
			}
			String model = json.path("model").asString("");
			if (model.isEmpty()) {
				return error(400, "model is required");
			}
			if (!FakeOllama.this.pulledModels.contains(withTag(model))) {
				return error(404, "model '" + model + "' not found");
			}
			if (FakeOllama.this.busy) {
				return error(503, BUSY_MESSAGE);
			}
			if (FakeOllama.this.hanging) {
				return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
			}
			MockResponse.Builder response = new MockResponse.Builder().code(200);
			if (!FakeOllama.this.latency.isZero()) {
				response.headersDelay(FakeOllama.this.latency.toMillis(), TimeUnit.MILLISECONDS);
			}
			FakeOllama.this.chats.incrementAndGet();
			FakeOllama.this.loadedModels.add(withTag(model));
			String answer = FakeOllama.this.answer;
			boolean stream = !json.has("stream") || json.get("stream").asBoolean(true);
			if (!stream) {
				return response.setHeader("content-type", JSON).body(finalLine(model, answer) + "").build();
			}
			double rate = FakeOllama.this.tokensPerSecond;
			if (rate > 0 && !FakeOllama.this.streamError) {
				List<String> tokens = PacedBody.tokens(answer)
					.stream()
					.map((token) -> partLine(model, token) + "\n")
					.toList();
				return response.setHeader("content-type", NDJSON)
					.setHeader("transfer-encoding", "chunked")
					.body(new PacedBody(List.of(), tokens, List.of(finalLine(model, "") + "\n"),
							PacedBody.interval(rate)))
					.build();
			}
			StringBuilder lines = new StringBuilder();
			String[] words = answer.split("(?<= )");
			for (int i = 0; i < words.length; i++) {
				if (FakeOllama.this.streamError && i == 2) {
					// once streaming has begun, errors become an NDJSON line and the
					// status stays 200
					lines.append("{\"error\":\"llama runner process has terminated: exit status 2\"}\n");
					return response.setHeader("content-type", NDJSON)
						.chunkedBody(lines.toString(), FakeVllm.CHUNK_BYTES)
						.build();
				}
				lines.append(partLine(model, words[i])).append('\n');
			}
			lines.append(finalLine(model, "")).append('\n');
			return response.setHeader("content-type", NDJSON)
				.chunkedBody(lines.toString(), FakeVllm.CHUNK_BYTES)
				.build();
		}

		private String partLine(String model, String content) {
			ObjectNode line = MessageJson.mapper().createObjectNode();
			line.put("model", model);
			line.put("created_at", Instant.now().toString());
			message(line, content);
			line.put("done", false);
			return MessageJson.toString(line);
		}

		private String finalLine(String model, String content) {
			ObjectNode line = MessageJson.mapper().createObjectNode();
			line.put("model", model);
			line.put("created_at", Instant.now().toString());
			message(line, content);
			line.put("done", true);
			line.put("done_reason", "stop");
			line.put("total_duration", 4883583458L);
			line.put("load_duration", 1334875L);
			line.put("prompt_eval_count", 26);
			line.put("prompt_eval_duration", 342546000L);
			line.put("eval_count", 282);
			line.put("eval_duration", 4535599000L);
			return MessageJson.toString(line);
		}

		private void message(ObjectNode line, String content) {
			ObjectNode message = line.putObject("message");
			message.put("role", "assistant");
			message.put("content", content);
		}

		/**
		 * {@code GET /api/ps}: the models a chat has loaded (Ollama loads one on first
		 * use and keeps it for {@code keep_alive}, 5 minutes), each with its memory.
		 */
		private String running() {
			ObjectNode root = MessageJson.mapper().createObjectNode();
			ArrayNode models = root.putArray("models");
			for (String name : FakeOllama.this.loadedModels) {
				ObjectNode model = model(models, name, LOADED_MODEL_BYTES);
				ObjectNode details = model.putObject("details");
				details.put("parent_model", "");
				details.put("format", "gguf");
				details.put("family", "llama");
				details.put("parameter_size", "3.2B");
				details.put("quantization_level", "Q4_K_M");
				model.put("expires_at", "2026-12-06T12:05:00.000000000Z");
				model.put("size_vram", 0L);
				model.put("context_length", 4096);
			}
			return MessageJson.toString(root);
		}

		/** A model entry as {@code /api/tags} and {@code /api/ps} list it. */
		private ObjectNode model(ArrayNode models, String name, long size) {
			ObjectNode model = models.addObject();
			model.put("name", name);
			model.put("model", name);
			model.put("size", size);
			model.put("digest", "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72");
			return model;
		}

		private String tags() {
			ObjectNode root = MessageJson.mapper().createObjectNode();
			ArrayNode models = root.putArray("models");
			for (String name : FakeOllama.this.pulledModels) {
				model(models, name, 2019393189L).put("modified_at", "2025-05-04T17:37:44.706015396-07:00");
			}
			return MessageJson.toString(root);
		}

		private boolean isRead(String method) {
			return "GET".equals(method) || "HEAD".equals(method);
		}

		private MockResponse notAllowed() {
			return text(405, "405 method not allowed");
		}

		private MockResponse error(int status, String message) {
			ObjectNode error = MessageJson.mapper().createObjectNode();
			error.put("error", message);
			return json(status, MessageJson.toString(error));
		}

		private MockResponse json(int status, String body) {
			return new MockResponse.Builder().code(status).setHeader("content-type", JSON).body(body).build();
		}

		private MockResponse text(int status, String body) {
			return new MockResponse.Builder().code(status).setHeader("content-type", TEXT).body(body).build();
		}

	}

}
