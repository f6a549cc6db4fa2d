package dev.ragline.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ragline's tracing defaults, as Spring Boot's properties, below every other property
 * source: one trace per query from the HTTP submit through every Kafka hop.
 *
 * <ul>
 * <li>Spring Kafka observes every send and every record received: the producer writes the
 * W3C {@code traceparent} header, the listener continues the trace it names (a record
 * without one, published by any Kafka client, starts a new trace).</li>
 * <li>Every query is sampled ({@code management.tracing.sampling.probability=1.0}): a
 * trace is what an operator opens for one slow query, and a query's trace id is in its
 * result document. Spans leave the process only when an OTLP endpoint is set
 * ({@code management.opentelemetry.tracing.export.otlp.endpoint}).</li>
 * </ul>
 */
public class PipelineTracingDefaults extends LowestPriorityDefaults {

	public PipelineTracingDefaults() {
		super("ragline-tracing-defaults", properties());
	}

	static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.template.observation-enabled", true);
		properties.put("spring.kafka.listener.observation-enabled", true);
		properties.put("management.tracing.sampling.probability", 1.0);
		return properties;
	}

}
