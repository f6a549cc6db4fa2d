package dev.ragline.llm.vllm;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The vLLM client, its circuit breaker (with metrics and health) and the generator using
 * both.
 */
@Configuration(proxyBeanMethods = false)
class VllmConfiguration {

	static final String BREAKER_NAME = "vllm";

	@Bean
	VllmClient vllmClient(OkHttpClient httpClient, VllmProperties properties) {
		return new VllmClient(httpClient, properties);
	}

	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(VllmProperties properties, Clock clock) {
		VllmProperties.CircuitBreaker settings = properties.circuitBreaker();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindow(settings.slidingWindowSize(), settings.minimumNumberOfCalls(),
					CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.waitDurationInOpenState(settings.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.clock(clock)
			.build();
		return CircuitBreakerRegistry.of(config);
	}

	@Bean
	CircuitBreaker vllmCircuitBreaker(CircuitBreakerRegistry registry, VllmProperties properties,
			MeterRegistry meters) {
		CircuitBreaker breaker = registry.circuitBreaker(BREAKER_NAME);
		if (!properties.circuitBreaker().enabled()) {
			breaker.transitionToDisabledState();
		}
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return breaker;
	}

	@Bean
	VllmGenerator vllmGenerator(VllmClient client, VllmProperties properties, CircuitBreaker vllmCircuitBreaker,
			Clock clock) {
		return new VllmGenerator(client, properties, vllmCircuitBreaker, clock);
	}

	@Bean
	VllmModelCheck vllmModelCheck(VllmClient client, VllmProperties properties) {
		return new VllmModelCheck(client, properties);
	}

	/**
	 * {@code /actuator/health} shows vLLM's circuit state. An open circuit keeps the
	 * worker UP: queries still get answered, by the fallback.
	 */
	@Bean
	HealthIndicator vllmHealthIndicator(CircuitBreaker vllmCircuitBreaker, VllmClient client) {
		return () -> {
			if (!client.configured()) {
				return Health.up().withDetail("configured", false).build();
			}
			return Health.up()
				.withDetail("endpoint", client.endpointUrl())
				.withDetail("circuitBreaker", vllmCircuitBreaker.getState().name())
				.withDetail("failureRate", vllmCircuitBreaker.getMetrics().getFailureRate())
				.build();
		};
	}

}
