package dev.ragline.llm.experiment;

import java.time.Clock;

import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.resultstore.ComparisonLog;
import dev.ragline.resultstore.ResultStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExperimentProperties.class)
class ExperimentConfiguration {

	@Bean
	Experiment experiment(ExperimentProperties properties) {
		return new Experiment(properties.mode(), properties.share());
	}

	@Bean
	ExperimentEndpoint experimentEndpoint(Experiment experiment) {
		return new ExperimentEndpoint(experiment);
	}

	@Bean(destroyMethod = "close")
	ShadowCalls shadowCalls(OllamaClient ollama, ResultStore store, ComparisonLog comparisonLog, Experiment experiment,
			LlmProperties llm, ExperimentProperties properties, MeterRegistry registry, Clock clock) {
		return new ShadowCalls(ollama, store, comparisonLog, experiment, llm, properties.shadowMaxInFlight(), registry,
				clock);
	}

}
