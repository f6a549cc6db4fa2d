package dev.ragline.llm.telemetry;

import java.time.Clock;
import java.util.List;

import dev.ragline.kafka.concurrent.ConcurrentRecordDispatcher;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.LlmProperties.Role;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.ollama.OllamaProperties;
import dev.ragline.llm.vllm.VllmClient;
import dev.ragline.llm.vllm.VllmProperties;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The backends' own telemetry: a worker with the primary role reads vLLM's, one with the
 * fallback role Ollama's, each when configured.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackendsProperties.class)
class TelemetryConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	BackendTelemetryPoller backendTelemetryPoller(OkHttpClient httpClient, VllmProperties vllm, OllamaProperties ollama,
			LlmProperties llm, BackendsProperties properties, ConcurrentRecordDispatcher primaryDispatcher,
			MeterRegistry registry, Clock clock) {
		String vllmRoot = (llm.roles().contains(Role.PRIMARY) && vllm.configured()) ? VllmClient.root(vllm.baseUrl())
				: null;
		String ollamaRoot = (llm.roles().contains(Role.FALLBACK) && ollama.configured())
				? OllamaClient.root(ollama.baseUrl()) : null;
		BackendTelemetryPoller poller = new BackendTelemetryPoller(httpClient, vllmRoot, vllm.model(), ollamaRoot,
				properties.telemetryInterval(), clock,
				List.of(new HoldBack(primaryDispatcher, properties.holdBackAbove(), properties.holdBackFloor())));
		poller.bindTo(registry);
		return poller;
	}

}
