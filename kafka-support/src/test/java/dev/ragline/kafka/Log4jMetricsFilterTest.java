package dev.ragline.kafka;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class Log4jMetricsFilterTest {

	@Test
	void leavesOutOnlyTheLog4jMetrics() {
		String[] candidates = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
				Log4jMetricsFilter.LOG4J2_METRICS,
				"org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration" };

		assertThat(new Log4jMetricsFilter().match(candidates, null)).containsExactly(true, false, true);
	}

	@Test
	void isOneOfSpringBootsAutoConfigurationFilters() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(AutoConfigurationImportFilter.class))
			.hasAtLeastOneElementOfType(Log4jMetricsFilter.class);
	}

}
