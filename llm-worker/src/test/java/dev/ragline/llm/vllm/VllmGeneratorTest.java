package dev.ragline.llm.vllm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.backend.DeadlineExpiredException;
import dev.ragline.llm.backend.Generation;
import dev.ragline.llm.vllm.VllmProperties.Api;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.ragline.llm.vllm.VllmTestSupport.MODEL;
import static dev.ragline.llm.vllm.VllmTestSupport.ignored;
import static dev.ragline.llm.vllm.VllmTestSupport.query;
import static dev.ragline.llm.vllm.VllmTestSupport.rerouted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * What the vLLM stage does around its calls: APIs, the model to ask for, every call in
 * {@code attempts}, retries, the circuit breaker and deadlines. What each failure means
 * is {@link VllmFailureClassificationTest}; fitting the prompt is
 * {@link PromptFittingTest}.
 */
class VllmGeneratorTest {

	private final FakeVllm vllm = FakeVllm.start(MODEL);

	private final VllmTestSupport.Settings settings = new VllmTestSupport.Settings(this.vllm.baseUrl());

	@AfterEach
	void stop() {
		this.vllm.close();
	}

	@ParameterizedTest
	@CsvSource({ "CHAT, true", "CHAT, false", "COMPLETIONS, true", "COMPLETIONS, false" })
	void answersOnEitherApiStreamedOrNot(Api api, boolean stream) {
		this.vllm.answering("Rayleigh scattering makes it blue [1].");
		this.settings.api = api;
		this.settings.stream = stream;
		List<String> partials = new ArrayList<>();

		Generation generation = this.settings.generator(false).generate(query(4), 64, 0.2, partials::add);

		assertThat(generation.completion().text()).isEqualTo("Rayleigh scattering makes it blue [1].");
		assertThat(generation.completion().model()).isEqualTo(MODEL);
		assertThat(generation.passages()).hasSize(4);
		String path = (api == Api.CHAT) ? "/v1/chat/completions" : "/v1/completions";
		assertThat(this.vllm.generationRequests()).extracting(FakeVllm.Recorded::path).containsExactly(path);
		assertThat(this.vllm.generationRequests().get(0).json().path("stream").asBoolean()).isEqualTo(stream);
		if (stream) {
			assertThat(partials).hasSizeGreaterThan(2).last().isEqualTo("Rayleigh scattering makes it blue [1].");
			assertThat(partials.get(0)).isEqualTo("Rayleigh ");
		}
		else {
			assertThat(partials).isEmpty();
		}
	}

	@Test
	void acceptsABaseUrlThatAlreadyEndsInV1() {
		this.settings.baseUrl = this.vllm.baseUrl() + "/v1/";

		this.settings.generator(false).generate(query(1), 8, 0, ignored());

		assertThat(this.vllm.generationRequests().get(0).path()).isEqualTo("/v1/chat/completions");
	}

	@Test
	void asksForTheFirstServedModelWhenNoneIsConfigured() {
		this.settings.model = null;

		this.settings.generator(false).generate(query(1), 8, 0, ignored());

		assertThat(this.vllm.requests()).extracting(FakeVllm.Recorded::path)
			.containsExactly("/v1/models", "/v1/chat/completions");
		assertThat(this.vllm.requests().get(1).json().path("model").asString()).isEqualTo(MODEL);
	}

	@Test
	void listsEveryCallInAttemptsRetriesIncluded() {
		this.vllm.failingTimes(2, 500);

		Generation generation = this.settings.generator(false).generate(query(2), 8, 0, ignored());

		assertThat(generation.attempts())
			.extracting(Attempt::backend, Attempt::outcome, Attempt::reason, Attempt::httpStatus, Attempt::passages)
			.containsExactly(tuple("vllm", "retried", FallbackReason.VLLM_UNAVAILABLE, 500, 2),
					tuple("vllm", "retried", FallbackReason.VLLM_UNAVAILABLE, 500, 2),
					tuple("vllm", "answered", null, 200, 2));
		assertThat(generation.attempts()).allSatisfy((attempt) -> assertThat(attempt.durationMillis()).isNotNegative());
	}

	@Test
	void reroutesServerErrorsOnceTheRetriesAreSpentWithEveryCallListed() {
		this.vllm.failingWith(500);

		BackendUnavailableException rerouted = rerouted(this.settings.generator(false), query(1));

		assertThat(rerouted.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(rerouted.fallbackReason().httpStatus()).isEqualTo(500);
		assertThat(rerouted.fallbackReason().attempts()).isEqualTo(3);
		assertThat(rerouted.fallbackReason().detail()).contains("\"type\":\"InternalServerError\"");
		assertThat(rerouted.attempts()).extracting(Attempt::outcome).containsExactly("retried", "retried", "rerouted");
		assertThat(this.vllm.generationRequests()).hasSize(3);
	}

	@Test
	void opensTheCircuitAfterRepeatedFailuresSoQueriesSkipVllmAndProbesCloseItAgain() {
		MutableClock clock = MutableClock.startingNow();
		CircuitBreaker breaker = CircuitBreaker.of("vllm",
				CircuitBreakerConfig.custom()
					.slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.failureRateThreshold(50)
					.waitDurationInOpenState(Duration.ofSeconds(30))
					.permittedNumberOfCallsInHalfOpenState(2)
					.clock(clock)
					.build());
		this.vllm.hanging(true);
		this.settings.readTimeout = Duration.ofMillis(200);
		VllmGenerator generator = this.settings.generator(breaker, clock, true);
		for (int i = 0; i < 4; i++) {
			assertThat(rerouted(generator, query(1)).fallbackReason().code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		}
		int requestsBefore = this.vllm.generationRequests().size();

		BackendUnavailableException skipped = rerouted(generator, query(1));

		assertThat(skipped.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_CIRCUIT_OPEN);
		assertThat(skipped.fallbackReason().detail()).contains("100% of the last 4 calls failed");
		assertThat(skipped.attempts()).isEmpty();
		assertThat(this.vllm.generationRequests()).as("no call reached vLLM").hasSize(requestsBefore);

		this.vllm.reset();
		clock.advance(Duration.ofSeconds(31));
		generator.generate(query(1), 8, 0, ignored());
		generator.generate(query(1), 8, 0, ignored());
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void failsAQueryWhoseDeadlinePassedWithoutCallingVllm() {
		RetrievedQuery expired = query(1, Instant.now().minusSeconds(1));

		assertThatThrownBy(() -> this.settings.generator(false).generate(expired, 8, 0, ignored()))
			.isInstanceOf(DeadlineExpiredException.class);
		assertThat(this.vllm.generationRequests()).isEmpty();
	}

	@Test
	void failsInsteadOfReroutingWhenTheDeadlinePassesDuringTheCallAndKeepsTheCall() {
		this.vllm.latency(Duration.ofSeconds(2));
		RetrievedQuery query = query(1, Instant.now().plusMillis(300));

		assertThatThrownBy(() -> this.settings.generator(false).generate(query, 8, 0, ignored()))
			.isInstanceOfSatisfying(DeadlineExpiredException.class,
					(ex) -> assertThat(ex.attempts()).extracting(Attempt::outcome, Attempt::reason)
						.containsExactly(tuple("failed", FallbackReason.VLLM_TIMEOUT)));
	}

}
