package dev.ragline.llm.vllm;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger logger = LoggerFactory.getLogger(VllmConfiguration.class);

	@Bean
	VllmClient vllmClient(OkHttpClient httpClient, VllmProperties properties) {
		return new VllmClient(httpClient, properties);
	}

	@Bean(destroyMethod = "close")
	ServedModels servedModels(VllmClient vllmClient, VllmProperties properties, Clock clock) {
		return new ServedModels(vllmClient, properties, clock);
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
		breaker.getEventPublisher()
			.onStateTransition((event) -> logger.warn(
					"vLLM circuit breaker {} -> {} (failure rate {}% of the last {} " + "calls): {}",
					event.getStateTransition().getFromState(), event.getStateTransition().getToState(),
					Math.round(breaker.getMetrics().getFailureRate()), breaker.getMetrics().getNumberOfBufferedCalls(),
					meaning(event.getStateTransition().getToState())));
		if (!properties.circuitBreaker().enabled()) {
			breaker.transitionToDisabledState();
		}
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return breaker;
	}

	@Bean
	VllmGenerator vllmGenerator(VllmClient client, ServedModels servedModels, VllmProperties properties,
			CircuitBreaker vllmCircuitBreaker, Clock clock) {
		return new VllmGenerator(client, servedModels, properties, vllmCircuitBreaker, clock);
	}

	@Bean
	VllmModelCheck vllmModelCheck(VllmClient client, ServedModels servedModels, VllmProperties properties) {
		return new VllmModelCheck(client, servedModels, properties);
	}

	private static String meaning(CircuitBreaker.State state) {
		return switch (state) {
			case OPEN, FORCED_OPEN -> "vLLM is skipped, queries go straight to the fallback";
			case HALF_OPEN -> "probe calls try vLLM again";
			case CLOSED -> "vLLM answers again";
			default -> "";
		};
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
