package dev.ragline.llm.generation;

import java.time.Clock;
import java.util.List;

import dev.ragline.kafka.PipelineErrorHandlers;
import dev.ragline.kafka.RecordErrorPolicy;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.kafka.concurrent.ConcurrentRecordDispatcher;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.LlmProperties.Role;
import dev.ragline.llm.backend.BackendRejectedException;
import dev.ragline.llm.experiment.Experiment;
import dev.ragline.llm.experiment.ShadowCalls;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.ollama.OllamaProperties;
import dev.ragline.llm.telemetry.BackendTelemetryPoller;
import dev.ragline.llm.vllm.VllmGenerator;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.AnswerCacheProperties;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.ResultStoreProperties;
import dev.ragline.resultstore.WorkerStatusBoard;
import dev.ragline.resultstore.WorkerStatusReporter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The consumers of both roles, each with up to {@code ragline.llm.max-in-flight} calls
 * running; a role's consumer starts only when the role is in {@code ragline.llm.roles}.
 */
@Configuration(proxyBeanMethods = false)
class GenerationConfiguration {

	static final String PRIMARY_STAGE = "llm";

	static final String FALLBACK_STAGE = "llm-fallback";

	private static final Logger logger = LoggerFactory.getLogger(GenerationConfiguration.class);

	@Bean
	OllamaClient ollamaClient(OkHttpClient httpClient, OllamaProperties properties) {
		return new OllamaClient(httpClient, properties);
	}

	@Bean
	ResultRecorder resultRecorder(ResultStore store, Clock clock, AnswerCache cache, CorpusVersion corpusVersion,
			AnswerCacheProperties cacheProperties) {
		return new ResultRecorder(store, clock, new AnswerMemory(cache, corpusVersion, cacheProperties.enabled()));
	}

	@Bean
	LlmMetrics llmMetrics(MeterRegistry registry, Clock clock) {
		return new LlmMetrics(registry, new LastMinute(clock));
	}

	@Bean
	WorkerStatusReporter llmWorkerStatusReporter(WorkerStatusBoard board, ResultStoreProperties redis,
			LlmProperties properties, ConcurrentRecordDispatcher primaryDispatcher,
			ConcurrentRecordDispatcher fallbackDispatcher, CircuitBreaker vllmCircuitBreaker, LlmMetrics metrics,
			BackendTelemetryPoller backendTelemetryPoller, Experiment experiment, Clock clock) {
		return new WorkerStatusReporter(board, redis.workerStatusInterval(),
				new LlmWorkerStatus(properties.roles(), primaryDispatcher, fallbackDispatcher, vllmCircuitBreaker,
						metrics.lastMinute(), backendTelemetryPoller::latest, experiment, clock));
	}

	@Bean
	FallbackRerouter fallbackRerouter(KafkaTemplate<String, byte[]> kafkaTemplate, TopicsProperties topics,
			LlmProperties properties, ResultRecorder results, LlmMetrics metrics) {
		return new FallbackRerouter(kafkaTemplate, topics.fallback(), properties.publishTimeout(), results, metrics);
	}

	@Bean
	ConcurrentRecordDispatcher primaryDispatcher(VllmGenerator vllm, OllamaClient ollama, ResultRecorder results,
			FallbackRerouter rerouter, LlmProperties properties, LlmMetrics metrics, ShadowCalls shadowCalls,
			Experiment experiment, Clock clock, PipelineErrorHandlers errorHandlers) {
		ConcurrentRecordDispatcher dispatcher = new ConcurrentRecordDispatcher("llm-primary",
				new PrimaryGenerationProcessor(vllm, ollama, results, rerouter, properties, metrics, shadowCalls,
						experiment, clock),
				errorHandlers.deadLetters(PRIMARY_STAGE), RecordErrorPolicy.notRetrying(),
				List.of(new FailureRecorder(results)), properties.maxInFlight(), properties.handOffTimeout());
		metrics.watch("primary", dispatcher);
		return dispatcher;
	}

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> primaryGenerationContainer(
			ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
			ConcurrentRecordDispatcher primaryDispatcher, TopicsProperties topics, LlmProperties properties,
			VllmGenerator vllm, OllamaClient ollama) {
		ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topics.retrieved());
		container.getContainerProperties().setGroupId(properties.groupId());
		primaryDispatcher.attachTo(container);
		boolean active = properties.roles().contains(Role.PRIMARY);
		container.setAutoStartup(active);
		if (active) {
			logger.info("Primary role: {} -> {}, up to {} calls at once", topics.retrieved(),
					vllm.configured() ? "vLLM at " + vllm.endpointUrl()
							: (ollama.configured() ? "no vLLM configured, every query to " + topics.fallback()
									: "no LLM configured, extractive answers"),
					properties.maxInFlight());
		}
		return container;
	}

	@Bean
	ConcurrentRecordDispatcher fallbackDispatcher(OllamaClient ollama, ResultRecorder results, LlmProperties properties,
			LlmMetrics metrics, Clock clock, PipelineErrorHandlers errorHandlers) {
		ConcurrentRecordDispatcher dispatcher = new ConcurrentRecordDispatcher("llm-fallback",
				new FallbackGenerationProcessor(ollama, results, properties, metrics, clock),
				errorHandlers.deadLetters(FALLBACK_STAGE),
				RecordErrorPolicy.notRetrying(BackendRejectedException.class), List.of(new FailureRecorder(results)),
				properties.maxInFlight(), properties.handOffTimeout());
		metrics.watch("fallback", dispatcher);
		return dispatcher;
	}

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> fallbackGenerationContainer(
			ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
			ConcurrentRecordDispatcher fallbackDispatcher, TopicsProperties topics, LlmProperties properties,
			OllamaClient ollama) {
		ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topics.fallback());
		container.getContainerProperties().setGroupId(properties.fallbackGroupId());
		fallbackDispatcher.attachTo(container);
		boolean active = properties.roles().contains(Role.FALLBACK);
		container.setAutoStartup(active);
		if (active) {
			logger.info("Fallback role: {} -> {}, up to {} calls at once", topics.fallback(),
					ollama.configured() ? "Ollama model " + ollama.model() : "no Ollama configured, extractive answers",
					properties.maxInFlight());
		}
		return container;
	}

}
