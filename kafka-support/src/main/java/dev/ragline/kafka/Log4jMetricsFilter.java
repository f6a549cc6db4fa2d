package dev.ragline.kafka;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;

/**
 * Keeps Spring Boot's Log4j 2 metrics out of every ragline service. ragline logs through
 * Logback; log4j-core is on the class path only because the embedded Kafka broker
 * ({@code kafka-server}) depends on it. The metrics' condition would start a Log4j logger
 * context in each service to find out that Log4j is not the logging system: about 350
 * classes loaded and initialised on the start's main thread, for nothing.
 */
public class Log4jMetricsFilter implements AutoConfigurationImportFilter {

	static final String LOG4J2_METRICS = "org.springframework.boot.micrometer.metrics.autoconfigure.logging.log4j2.Log4J2MetricsAutoConfiguration";

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < matches.length; i++) {
			matches[i] = !LOG4J2_METRICS.equals(autoConfigurationClasses[i]);
		}
		return matches;
	}

}
