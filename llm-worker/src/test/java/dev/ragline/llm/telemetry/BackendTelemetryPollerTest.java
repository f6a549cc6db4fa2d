package dev.ragline.llm.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.infra.LocalPorts;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.FakeVllm.MetricsVersion;
import dev.ragline.testsupport.HttpJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reading the backends' own telemetry from fakes that serve what vLLM, llama.cpp and
 * Ollama serve ({@code /metrics} in either vLLM era and llama.cpp's names,
 * {@code /api/ps}), and exporting it as {@code ragline.backend.*} gauges.
 */
class BackendTelemetryPollerTest {

	private static final String CHAT = "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

	private final OkHttpClient http = new OkHttpClient();

	private final List<BackendTelemetry> heard = new CopyOnWriteArrayList<>();

	@ParameterizedTest
	@EnumSource(MetricsVersion.class)
	void readsVllmsQueueCacheAndTheMeansAndRatesOfTheLastInterval(MetricsVersion version) throws Exception {
		try (FakeVllm vllm = FakeVllm.start("qwen")
			.metricsVersion(version)
			.requestsWaiting(() -> 7)
			.kvCacheUsage(0.4)
			.latency(Duration.ofMillis(150))) {
			BackendTelemetryPoller poller = poller(vllm.baseUrl(), null);
			poller.read();
			BackendTelemetry first = poller.latest().get("vllm");
			assertThat(first.reachable()).isTrue();
			assertThat(first.requestsWaiting()).isEqualTo(7.0);
			assertThat(first.requestsRunning()).isZero();
			assertThat(first.kvCacheUsage()).isEqualTo(0.4);
			assertThat(first.timeToFirstTokenMs()).as("no interval yet").isNull();
			assertThat(first.promptTokensPerSecond()).isNull();

			for (int i = 0; i < 3; i++) {
				assertThat(HttpJson.postJson(vllm.baseUrl() + "/v1/chat/completions", CHAT.formatted("Question " + i))
					.status()).isEqualTo(200);
			}
			poller.read();

			BackendTelemetry second = poller.latest().get("vllm");
			if (version == MetricsVersion.V1) {
				assertThat(second.timeToFirstTokenMs()).isCloseTo(150.0, within(1.0));
				assertThat(second.requestLatencyMs()).isCloseTo(150.0, within(1.0));
			}
			assertThat(second.promptTokensPerSecond()).isPositive();
			assertThat(second.generationTokensPerSecond()).isPositive();
			assertThat(this.heard).hasSize(2).last().isEqualTo(second);
		}
	}

	@Test
	void readsLlamaCppsMetrics() {
		try (FakeVllm llama = FakeVllm.startLlamaCpp("qwen").requestsWaiting(() -> 2).kvCacheUsage(0.25)) {
			BackendTelemetryPoller poller = poller(llama.baseUrl(), null);
			poller.read();

			assertThat(poller.latest().get("vllm")).satisfies((telemetry) -> {
				assertThat(telemetry.requestsWaiting()).isEqualTo(2.0);
				assertThat(telemetry.kvCacheUsage()).isEqualTo(0.25);
			});
		}
	}

	@Test
	void readsTheModelsOllamaHasLoaded() throws Exception {
		try (FakeOllama ollama = FakeOllama.start("llama3.2")) {
			BackendTelemetryPoller poller = poller(null, ollama.baseUrl());
			poller.read();
			assertThat(poller.latest().get("ollama").modelsLoaded()).isZero();

			HttpJson.postJson(ollama.baseUrl() + "/api/chat",
					"{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
			poller.read();

			BackendTelemetry telemetry = poller.latest().get("ollama");
			assertThat(telemetry.modelsLoaded()).isEqualTo(1);
			assertThat(telemetry.modelMemoryBytes()).isEqualTo(FakeOllama.LOADED_MODEL_BYTES);
		}
	}

	@Test
	void exportsTheReadingsAsGaugesAndSaysWhenABackendCannotBeRead() {
		MeterRegistry registry = new SimpleMeterRegistry();
		try (FakeVllm vllm = FakeVllm.start("qwen").requestsWaiting(() -> 12).kvCacheUsage(0.75)) {
			BackendTelemetryPoller poller = poller(vllm.baseUrl(), "http://127.0.0.1:" + LocalPorts.pick());
			poller.bindTo(registry);
			poller.read();

			assertThat(gauge(registry, "ragline.backend.requests.waiting", "vllm")).isEqualTo(12.0);
			assertThat(gauge(registry, "ragline.backend.kv.cache.usage", "vllm")).isEqualTo(0.75);
			assertThat(gauge(registry, "ragline.backend.reachable", "vllm")).isEqualTo(1.0);
			assertThat(gauge(registry, "ragline.backend.reachable", "ollama")).isZero();
			assertThat(gauge(registry, "ragline.backend.models.loaded", "ollama")).isNaN();
			assertThat(poller.latest().get("ollama").problem()).contains("/api/ps");
		}
	}

	@Test
	void saysWhatIsWrongWhenTheServerHasNoneOfTheMetrics() throws Exception {
		try (FakeOllama notVllm = FakeOllama.start("llama3.2")) {
			BackendTelemetryPoller poller = poller(notVllm.baseUrl(), null);
			poller.read();

			BackendTelemetry telemetry = poller.latest().get("vllm");
			assertThat(telemetry.reachable()).isFalse();
			assertThat(telemetry.problem()).contains("/metrics");
		}
	}

	private BackendTelemetryPoller poller(String vllmRoot, String ollamaRoot) {
		return new BackendTelemetryPoller(this.http, vllmRoot, "qwen", ollamaRoot, Duration.ofSeconds(5),
				Clock.systemUTC(), List.of(this.heard::add));
	}

	private static double gauge(MeterRegistry registry, String name, String backend) {
		return registry.get(name).tag("backend", backend).gauge().value();
	}

}
