package dev.ragline.retriever;

import java.util.Map;

import dev.ragline.retriever.index.EmbeddingModelPreload;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Consumes questions from {@code ragline.queries}, finds the passages relevant to each
 * one and publishes the enriched query to {@code ragline.retrieved}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RetrieverWorkerApplication {

	static final Map<String, Object> DEFAULTS = Map.of("spring.application.name", "retriever-worker", "server.port",
			8081,
			// its threads are daemons until the index is ready: without a web server the
			// process would end right after start-up
			"spring.main.keep-alive", true,
			// ready only once the index holds every document the topic held at start
			"management.endpoint.health.probes.enabled", true, "management.endpoint.health.group.readiness.include",
			"readinessState,documentIndex", "management.endpoint.health.show-details", "always",
			"management.endpoints.web.exposure.include", "health,info,metrics,prometheus");

	public static void main(String[] args) {
		builder().run(args);
	}

	/**
	 * The application with its defaults, as {@code main} and the standalone launcher
	 * start it; its embedding model starts loading as the context is created.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(RetrieverWorkerApplication.class).properties(DEFAULTS)
			.initializers(new EmbeddingModelPreload());
	}

}
