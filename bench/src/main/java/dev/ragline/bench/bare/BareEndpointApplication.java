package dev.ragline.bench.bare;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The yardstick of {@code ./ragline bench api}: Spring Boot on the same web stack as
 * query-ingest, answering {@code POST /api/queries} with 202 and nothing behind it (no
 * Kafka, no Redis). What ragline adds on top of it is what the benchmark measures.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BareEndpointApplication {

	/**
	 * The bare application. Auto-configuration that would reach out to Kafka or Redis is
	 * switched off; nothing else differs from a default Spring Boot web application.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(BareEndpointApplication.class).properties(Map.of("spring.application.name",
				"bare-endpoint", "spring.main.banner-mode", "off", "spring.autoconfigure.exclude",
				String.join(",", "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
						"org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
						"dev.ragline.kafka.KafkaPipelineAutoConfiguration",
						"dev.ragline.resultstore.ResultStoreAutoConfiguration")));
	}

}
