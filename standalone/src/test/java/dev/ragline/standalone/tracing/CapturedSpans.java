package dev.ragline.standalone.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * For tests: with {@code ragline.test.capture-spans=true}, every service's finished spans
 * also go to one exporter in memory, shared by the services of the test's JVM (Spring
 * Boot hands every span exporter bean to its tracer provider).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty("ragline.test.capture-spans")
public class CapturedSpans {

	public static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

	@Bean
	InMemorySpanExporter capturedSpansExporter() {
		return EXPORTER;
	}

}
