package dev.ragline.ingest;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The HTTP front door: {@code POST /api/queries} accepts a question, records it as QUEUED
 * in Redis and publishes it to Kafka; {@code GET /api/queries/{id}} serves the result
 * document.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryIngestApplication {

	/** Defaults a deployment may override with environment variables or properties. */
	static final Map<String, Object> DEFAULTS = Map.of("spring.application.name", "query-ingest",
			"spring.mvc.problemdetails.enabled", true, "server.port", 8080,
			// fail a submission fast instead of holding the HTTP request while the broker
			// is away
			"spring.kafka.producer.properties.max.block.ms", 10_000, "management.endpoints.web.exposure.include",
			"health,info,metrics,prometheus", "management.endpoint.health.probes.enabled", true,
			"management.endpoint.health.group.readiness.include", "readinessState,redis,kafka",
			"management.endpoint.health.show-details", "always");

	public static void main(String[] args) {
		builder().run(args);
	}

	/**
	 * The application with its defaults, as {@code main} and the standalone launcher
	 * start it.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(QueryIngestApplication.class).properties(DEFAULTS);
	}

}
