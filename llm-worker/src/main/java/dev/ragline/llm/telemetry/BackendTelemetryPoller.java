package dev.ragline.llm.telemetry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.contracts.MessageJson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads what the backends say about themselves, every
 * {@code ragline.backends.telemetry-interval}: vLLM's (or llama.cpp's) Prometheus
 * {@code /metrics} and Ollama's {@code /api/ps}. Keeps the latest reading per backend for
 * the worker's status (and so {@code /api/pipeline} and the console), exports it through
 * Micrometer with a {@code backend} tag ({@code ragline.backend.*}), and hands every vLLM
 * reading to its listeners ({@link HoldBack}).
 */
public class BackendTelemetryPoller implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BackendTelemetryPoller.class);

	private static final double MILLIS_PER_SECOND = 1000;

	private final OkHttpClient http;

	private final String vllmMetricsUrl;

	private final String vllmModel;

	private final String ollamaPsUrl;

	private final Duration interval;

	private final Clock clock;

	private final List<Consumer<BackendTelemetry>> vllmListeners;

	private final Map<String, BackendTelemetry> latest = new ConcurrentHashMap<>();

	private ServerMetrics previous;

	private Instant previousAt;

	private ScheduledExecutorService timer;

	/**
	 * @param vllmRoot the vLLM server's root URL, or {@code null} when there is none
	 * @param ollamaRoot the Ollama server's root URL, or {@code null}
	 */
	public BackendTelemetryPoller(OkHttpClient http, String vllmRoot, String vllmModel, String ollamaRoot,
			Duration interval, Clock clock, List<Consumer<BackendTelemetry>> vllmListeners) {
		long timeout = Math.max(1, Math.min(interval.toMillis(), Duration.ofSeconds(5).toMillis()));
		this.http = http.newBuilder().callTimeout(timeout, TimeUnit.MILLISECONDS).build();
		this.vllmMetricsUrl = (vllmRoot != null) ? vllmRoot + "/metrics" : null;
		this.vllmModel = vllmModel;
		this.ollamaPsUrl = (ollamaRoot != null) ? ollamaRoot + "/api/ps" : null;
		this.interval = interval;
		this.clock = clock;
		this.vllmListeners = List.copyOf(vllmListeners);
	}

	/** Reads every interval on a thread of its own, the first time at once. */
	public void start() {
		if (this.interval.isZero() || (this.vllmMetricsUrl == null && this.ollamaPsUrl == null)) {
			return;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "backend-telemetry");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleWithFixedDelay(this::readSafely, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Reads every backend once, now. */
	public void read() {
		if (this.vllmMetricsUrl != null) {
			BackendTelemetry vllm = readVllm();
			this.latest.put(Backends.VLLM, vllm);
			this.vllmListeners.forEach((listener) -> listener.accept(vllm));
		}
		if (this.ollamaPsUrl != null) {
			this.latest.put(Backends.OLLAMA, readOllama());
		}
	}

	/** The latest reading per backend ({@code vllm}, {@code ollama}). */
	public Map<String, BackendTelemetry> latest() {
		return Map.copyOf(this.latest);
	}

	/** Exports the latest readings as {@code ragline.backend.*} gauges. */
	public void bindTo(MeterRegistry registry) {
		for (String backend : List.of(Backends.VLLM, Backends.OLLAMA)) {
			gauge(registry, "ragline.backend.reachable", backend, "1 when the last reading succeeded, else 0",
					(telemetry) -> telemetry.reachable() ? 1 : 0);
		}
		gauge(registry, "ragline.backend.requests.running", Backends.VLLM, "requests the server is generating for",
				BackendTelemetry::requestsRunning);
		gauge(registry, "ragline.backend.requests.waiting", Backends.VLLM, "requests queued in the server",
				BackendTelemetry::requestsWaiting);
		gauge(registry, "ragline.backend.kv.cache.usage", Backends.VLLM, "share of the KV cache in use, 0 to 1",
				BackendTelemetry::kvCacheUsage);
		gauge(registry, "ragline.backend.time.to.first.token", Backends.VLLM,
				"mean time to the first token over the last interval, ms", BackendTelemetry::timeToFirstTokenMs);
		gauge(registry, "ragline.backend.request.latency", Backends.VLLM,
				"mean end-to-end request latency over the last interval, ms", BackendTelemetry::requestLatencyMs);
		gauge(registry, "ragline.backend.prompt.tokens.rate", Backends.VLLM, "prompt tokens per second",
				BackendTelemetry::promptTokensPerSecond);
		gauge(registry, "ragline.backend.generation.tokens.rate", Backends.VLLM, "generated tokens per second",
				BackendTelemetry::generationTokensPerSecond);
		gauge(registry, "ragline.backend.models.loaded", Backends.OLLAMA, "models loaded in memory",
				(telemetry) -> (telemetry.modelsLoaded() != null) ? telemetry.modelsLoaded() : Double.NaN);
		gauge(registry, "ragline.backend.models.memory", Backends.OLLAMA, "bytes the loaded models take",
				(telemetry) -> (telemetry.modelMemoryBytes() != null) ? telemetry.modelMemoryBytes() : Double.NaN);
	}

	@Override
	public void close() {
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
	}

	private void gauge(MeterRegistry registry, String name, String backend, String description,
			Function<BackendTelemetry, Number> figure) {
		ToDoubleFunction<Map<String, BackendTelemetry>> value = (latest) -> {
			BackendTelemetry telemetry = latest.get(backend);
			Number number = (telemetry != null) ? figure.apply(telemetry) : null;
			return (number != null) ? number.doubleValue() : Double.NaN;
		};
		Gauge.builder(name, this.latest, value).tag("backend", backend).description(description).register(registry);
	}

	private void readSafely() {
		try {
			read();
		}
		catch (RuntimeException ex) {
			logger.warn("Reading the backends' telemetry failed: {}", ex.toString());
		}
	}

	private BackendTelemetry readVllm() {
		Instant now = this.clock.instant();
		ServerMetrics metrics;
		try {
			metrics = ServerMetrics.of(PrometheusText.parse(get(this.vllmMetricsUrl)), this.vllmModel);
		}
		catch (IOException ex) {
			return BackendTelemetry.unreachable(Backends.VLLM, now, this.vllmMetricsUrl + ": " + ex.getMessage());
		}
		if (metrics.isEmpty()) {
			return BackendTelemetry.unreachable(Backends.VLLM, now,
					this.vllmMetricsUrl + " has none of vLLM's or llama.cpp's metrics (llama.cpp needs --metrics)");
		}
		BackendTelemetry telemetry = new BackendTelemetry(Backends.VLLM, true, now, metrics.running(),
				metrics.waiting(), metrics.kvCacheUsage(),
				meanMillis(metrics.timeToFirstTokenSum(), metrics.timeToFirstTokenCount(),
						(p) -> p.timeToFirstTokenSum(), (p) -> p.timeToFirstTokenCount()),
				meanMillis(metrics.latencySum(), metrics.latencyCount(), (p) -> p.latencySum(),
						(p) -> p.latencyCount()),
				perSecond(metrics.promptTokens(), ServerMetrics::promptTokens, now),
				perSecond(metrics.generationTokens(), ServerMetrics::generationTokens, now), null, null, null);
		this.previous = metrics;
		this.previousAt = now;
		return telemetry;
	}

	/** The mean of the observations since the previous reading, in milliseconds. */
	private Double meanMillis(Double sum, Double count, Function<ServerMetrics, Double> previousSum,
			Function<ServerMetrics, Double> previousCount) {
		if (this.previous == null || sum == null || count == null || previousSum.apply(this.previous) == null
				|| previousCount.apply(this.previous) == null) {
			return null;
		}
		double observations = count - previousCount.apply(this.previous);
		return (observations > 0) ? (sum - previousSum.apply(this.previous)) / observations * MILLIS_PER_SECOND : null;
	}

	private Double perSecond(Double total, Function<ServerMetrics, Double> previousTotal, Instant now) {
		if (this.previous == null || total == null || previousTotal.apply(this.previous) == null) {
			return null;
		}
		double seconds = Duration.between(this.previousAt, now).toNanos() / 1e9;
		double grown = total - previousTotal.apply(this.previous);
		// a counter that went down belongs to a restarted server: no rate this time
		return (seconds > 0 && grown >= 0) ? grown / seconds : null;
	}

	private BackendTelemetry readOllama() {
		Instant now = this.clock.instant();
		try {
			JsonNode models = MessageJson.mapper().readTree(get(this.ollamaPsUrl)).path("models");
			long bytes = 0;
			for (JsonNode model : models) {
				bytes += model.path("size").asLong(0);
			}
			return new BackendTelemetry(Backends.OLLAMA, true, now, null, null, null, null, null, null, null,
					models.size(), bytes, null);
		}
		catch (IOException | RuntimeException ex) {
			return BackendTelemetry.unreachable(Backends.OLLAMA, now, this.ollamaPsUrl + ": " + ex.getMessage());
		}
	}

	private String get(String url) throws IOException {
		try (Response response = this.http.newCall(new Request.Builder().url(url).get().build()).execute()) {
			if (!response.isSuccessful()) {
				throw new IOException("HTTP " + response.code());
			}
			return response.body().string();
		}
	}

}
