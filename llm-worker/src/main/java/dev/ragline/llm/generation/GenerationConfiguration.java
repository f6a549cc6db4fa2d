package dev.ragline.llm.generation;

import java.time.Clock;
import java.util.Map;

import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.kafka.PipelineErrorHandlers;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.LlmProperties.Role;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.ollama.OllamaProperties;
import dev.ragline.llm.vllm.VllmClient;
import dev.ragline.llm.vllm.VllmProperties;
import dev.ragline.resultstore.ResultStore;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The consumers of both roles; each starts only when its role is in
 * {@code ragline.llm.roles}.
 */
@Configuration(proxyBeanMethods = false)
class GenerationConfiguration {

	static final String PRIMARY_STAGE = "llm";

	static final String FALLBACK_STAGE = "llm-fallback";

	private static final Logger logger = LoggerFactory.getLogger(GenerationConfiguration.class);

	@Bean
	VllmClient vllmClient(OkHttpClient httpClient, VllmProperties properties, Clock clock) {
		return new VllmClient(httpClient, properties, clock);
	}

	@Bean
	OllamaClient ollamaClient(OkHttpClient httpClient, OllamaProperties properties) {
		return new OllamaClient(httpClient, properties);
	}

	@Bean
	ResultRecorder resultRecorder(ResultStore store, Clock clock) {
		return new ResultRecorder(store, clock);
	}

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> primaryGenerationContainer(
			ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, PipelineErrorHandlers errorHandlers,
			TopicsProperties topics, LlmProperties properties, VllmClient vllm, OllamaClient ollama,
			ResultRecorder results) {
		ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topics.retrieved());
		container.getContainerProperties().setGroupId(properties.groupId());
		container.getContainerProperties()
			.setMessageListener(new PrimaryGenerationListener(vllm, ollama, results, properties));
		container.setCommonErrorHandler(errorHandlers.forStage(PRIMARY_STAGE,
				Map.of(BackendUnavailableException.class, topics.fallback()), new RerouteRecorder(results)));
		container.setConcurrency(properties.concurrency());
		container.setAutoStartup(properties.roles().contains(Role.PRIMARY));
		if (properties.roles().contains(Role.PRIMARY)) {
			logger.info("Primary role: {} -> {}", topics.retrieved(),
					vllm.configured() ? "vLLM at " + vllm.chatUrl()
							: (ollama.configured() ? "no vLLM configured, every query to " + topics.fallback()
									: "no LLM configured, extractive answers"));
		}
		return container;
	}

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> fallbackGenerationContainer(
			ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, PipelineErrorHandlers errorHandlers,
			TopicsProperties topics, LlmProperties properties, OllamaClient ollama, ResultRecorder results) {
		ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topics.fallback());
		container.getContainerProperties().setGroupId(properties.fallbackGroupId());
		container.getContainerProperties()
			.setMessageListener(new FallbackGenerationListener(ollama, results, properties));
		DefaultErrorHandler errorHandler = errorHandlers.forStage(FALLBACK_STAGE, new FallbackFailureRecorder(results));
		errorHandler.addNotRetryableExceptions(BackendRejectedException.class);
		container.setCommonErrorHandler(errorHandler);
		container.setConcurrency(properties.concurrency());
		container.setAutoStartup(properties.roles().contains(Role.FALLBACK));
		if (properties.roles().contains(Role.FALLBACK)) {
			logger.info("Fallback role: {} -> {}", topics.fallback(), ollama.configured()
					? "Ollama model " + ollama.model() : "no Ollama configured, extractive answers");
		}
		return container;
	}

}
