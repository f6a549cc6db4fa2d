package dev.ragline.llm.experiment;

import java.time.Clock;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.vllm.VllmGenerator;
import dev.ragline.resultstore.ComparisonLog;
import dev.ragline.resultstore.ExperimentSettings;
import dev.ragline.resultstore.ResultStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExperimentProperties.class)
class ExperimentConfiguration {

	@Bean
	Experiment experiment(ExperimentProperties properties, AnswerSimilarity similarity) {
		return new Experiment(properties.configured(), (setting) -> {
			if (ExperimentSetting.SHADOW.equals(setting.mode())) {
				similarity.loadInBackground();
			}
		});
	}

	@Bean(destroyMethod = "close")
	ExperimentFollower experimentFollower(ExperimentSettings shared, Experiment experiment,
			ExperimentProperties properties) {
		return new ExperimentFollower(shared, experiment, properties.configured(), properties.followInterval());
	}

	@Bean
	ExperimentEndpoint experimentEndpoint(Experiment experiment, ExperimentFollower follower, ExperimentSettings shared,
			Clock clock) {
		return new ExperimentEndpoint(experiment, follower, shared, clock);
	}

	@Bean(destroyMethod = "close")
	AnswerSimilarity answerSimilarity(ExperimentProperties properties) {
		return new AnswerSimilarity(properties.similarityModel());
	}

	@Bean(destroyMethod = "close")
	ShadowCalls shadowCalls(OllamaClient ollama, VllmGenerator vllm, AnswerSimilarity similarity, ResultStore store,
			ComparisonLog comparisonLog, Experiment experiment, LlmProperties llm, ExperimentProperties properties,
			MeterRegistry registry, Clock clock) {
		return new ShadowCalls(ollama, vllm, similarity, store, comparisonLog, experiment, llm,
				properties.shadowMaxInFlight(), registry, clock);
	}

}
