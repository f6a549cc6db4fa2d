package dev.ragline.llm;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Answers enriched queries. In its primary role it consumes {@code ragline.retrieved} and
 * asks vLLM, rerouting what vLLM cannot answer to {@code ragline.retrieved.fallback}; in
 * its fallback role it consumes that topic and asks Ollama. {@code ragline.llm.roles}
 * picks one or both.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LlmWorkerApplication {

	static final Map<String, Object> DEFAULTS = Map.of("spring.application.name", "llm-worker", "server.port", 8082,
			// records wait in memory while every slot is taken: keep batches small
			"spring.kafka.consumer.max-poll-records", 100, "management.endpoints.web.exposure.include",
			"health,info,metrics,prometheus,experiment", "management.endpoint.health.probes.enabled", true);

	public static void main(String[] args) {
		builder().run(args);
	}

	/**
	 * The application with its defaults, as {@code main} and the standalone launcher
	 * start it.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(LlmWorkerApplication.class).properties(DEFAULTS);
	}

}
