package dev.ragline.llm.vllm;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.generation.DeadlineExpiredException;
import dev.ragline.llm.generation.Generation;
import dev.ragline.llm.prompt.PromptBuilder;
import dev.ragline.llm.vllm.VllmProperties.Api;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.FakeVllm.ErrorEra;
import dev.ragline.testsupport.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vLLM stage against a fake that answers as vLLM does, one behaviour at a time. */
class VllmGeneratorTest {

	private static final String MODEL = "served-model";

	private final FakeVllm vllm = FakeVllm.start(MODEL);

	private final Settings settings = new Settings(this.vllm.baseUrl());

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

		Generation generation = generator().generate(query(4), 64, 0.2, partials::add);

		assertThat(generation.completion().text()).isEqualTo("Rayleigh scattering makes it blue [1].");
		assertThat(generation.completion().model()).isEqualTo(MODEL);
		assertThat(generation.passages()).hasSize(4);
		String path = (api == Api.CHAT) ? "/v1/chat/completions" : "/v1/completions";
		assertThat(this.vllm.requests()).extracting(FakeVllm.Recorded::path).containsExactly(path);
		assertThat(this.vllm.requests().get(0).json().path("stream").asBoolean()).isEqualTo(stream);
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

		generator().generate(query(1), 8, 0, ignored());

		assertThat(this.vllm.requests().get(0).path()).isEqualTo("/v1/chat/completions");
	}

	@Test
	void asksForTheFirstServedModelWhenNoneIsConfigured() {
		this.settings.model = null;

		generator().generate(query(1), 8, 0, ignored());

		assertThat(this.vllm.requests()).extracting(FakeVllm.Recorded::path)
			.containsExactly("/v1/models", "/v1/chat/completions");
		assertThat(this.vllm.requests().get(1).json().path("model").asString()).isEqualTo(MODEL);
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void reroutesAModelNotFoundInEitherErrorEraNamingTheServedModels(ErrorEra era) {
		this.vllm.errorEra(era);
		this.settings.model = "llama-typo";

		FallbackReason reason = rerouted(generator());

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_MODEL_NOT_FOUND);
		assertThat(reason.httpStatus()).isEqualTo(404);
		assertThat(reason.attempts()).isEqualTo(1);
		assertThat(reason.detail()).contains("The model `llama-typo` does not exist.", "Served models: [served-model]");
	}

	@Test
	void reroutesARoute404AsAWrongBaseUrl() {
		this.vllm.openAiRoutes(false);

		FallbackReason reason = rerouted(generator());

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_ROUTE_NOT_FOUND);
		assertThat(reason.detail()).contains("{\"detail\":\"Not Found\"}", "/v1/chat/completions");
	}

	@Test
	void reroutesAReadTimeoutWhenVllmHangs() {
		this.vllm.hanging(true);
		this.settings.readTimeout = Duration.ofMillis(300);

		FallbackReason reason = rerouted(generator());

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(reason.httpStatus()).isNull();
		assertThat(reason.detail()).contains("read timeout");
	}

	@Test
	void reroutesATotalCallTimeout() {
		this.vllm.latency(Duration.ofSeconds(2));
		this.settings.callTimeout = Duration.ofMillis(300);

		FallbackReason reason = rerouted(generator());

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(reason.detail()).contains("total call timeout");
	}

	@Test
	void retriesServerErrorsWithBackOffBeforeGivingUp() {
		this.vllm.failingTimes(2, 503);

		Generation generation = generator().generate(query(1), 8, 0, ignored());

		assertThat(generation.completion().text()).isNotBlank();
		assertThat(this.vllm.requests()).hasSize(3);
	}

	@Test
	void reroutesServerErrorsOnceTheRetriesAreSpent() {
		this.vllm.failingWith(500);

		FallbackReason reason = rerouted(generator());

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(reason.httpStatus()).isEqualTo(500);
		assertThat(reason.attempts()).isEqualTo(3);
		assertThat(reason.detail()).contains("\"type\":\"InternalServerError\"");
		assertThat(this.vllm.requests()).hasSize(3);
	}

	@Test
	void reroutesAuthFailuresAsConfigurationErrorsWithoutRetrying() {
		this.vllm.failingWith(401);

		assertThat(rerouted(generator()).code()).isEqualTo(FallbackReason.VLLM_CONFIG_ERROR);
		assertThat(this.vllm.requests()).hasSize(1);
	}

	@Test
	void reroutesARefusedConnectionAsUnavailable() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.settings.baseUrl = "http://127.0.0.1:" + socket.getLocalPort();
		}

		FallbackReason reason = rerouted(generator());

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(reason.detail()).contains("connection refused");
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void reroutesAnErrorEventInsideAStreamThatStartedWith200(ErrorEra era) {
		this.vllm.errorEra(era).streamError(true);
		List<String> partials = new ArrayList<>();

		assertThatThrownBy(() -> generator().generate(query(1), 8, 0, partials::add))
			.isInstanceOfSatisfying(BackendUnavailableException.class, (ex) -> {
				assertThat(ex.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_STREAM_ERROR);
				assertThat(ex.fallbackReason().httpStatus()).isEqualTo(200);
				assertThat(ex.fallbackReason().detail()).contains("EngineGenerateError");
			});
		assertThat(partials).isNotEmpty();
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void retriesOnceWithHalfThePassagesWhenThePromptIsTooLong(ErrorEra era) {
		this.vllm.errorEra(era).maxPromptCharacters(promptLength(2) + 10);

		Generation generation = generator().generate(query(4), 8, 0, ignored());

		assertThat(generation.passages()).extracting(Passage::documentId).containsExactly("doc-0", "doc-1");
		assertThat(this.vllm.requests()).hasSize(2);
	}

	@Test
	void reroutesWhenEvenHalfThePassagesAreTooLong() {
		this.vllm.maxPromptCharacters(promptLength(0) - 10);

		FallbackReason reason = rerouted(generator());

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_PROMPT_TOO_LONG);
		assertThat(reason.httpStatus()).isEqualTo(400);
		assertThat(this.vllm.requests()).hasSize(2);
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
		VllmGenerator generator = generator(breaker, clock);
		for (int i = 0; i < 4; i++) {
			assertThat(rerouted(generator).code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		}
		int requestsBefore = this.vllm.requests().size();

		FallbackReason skipped = rerouted(generator);

		assertThat(skipped.code()).isEqualTo(FallbackReason.VLLM_CIRCUIT_OPEN);
		assertThat(skipped.detail()).contains("100% of the last 4 calls failed");
		assertThat(this.vllm.requests()).as("no call reached vLLM").hasSize(requestsBefore);

		this.vllm.reset();
		clock.advance(Duration.ofSeconds(31));
		generator.generate(query(1), 8, 0, ignored());
		generator.generate(query(1), 8, 0, ignored());
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void failsAQueryWhoseDeadlinePassedWithoutCallingVllm() {
		RetrievedQuery expired = query(1, Instant.now().minusSeconds(1));

		assertThatThrownBy(() -> generator().generate(expired, 8, 0, ignored()))
			.isInstanceOf(DeadlineExpiredException.class);
		assertThat(this.vllm.requests()).isEmpty();
	}

	@Test
	void failsInsteadOfReroutingWhenTheDeadlinePassesDuringTheCall() {
		this.vllm.latency(Duration.ofSeconds(2));
		RetrievedQuery query = query(1, Instant.now().plusMillis(300));

		assertThatThrownBy(() -> generator().generate(query, 8, 0, ignored()))
			.isInstanceOf(DeadlineExpiredException.class);
	}

	private static FallbackReason rerouted(VllmGenerator generator) {
		try {
			generator.generate(query(1), 8, 0, ignored());
		}
		catch (BackendUnavailableException ex) {
			return ex.fallbackReason();
		}
		throw new AssertionError("expected vLLM to fail");
	}

	private VllmGenerator generator() {
		return generator(CircuitBreaker.ofDefaults("test"), Clock.systemUTC());
	}

	private VllmGenerator generator(CircuitBreaker breaker, Clock clock) {
		VllmProperties properties = this.settings.properties();
		return new VllmGenerator(new VllmClient(new OkHttpClient(), properties), properties, breaker, clock);
	}

	private static Consumer<String> ignored() {
		return (partial) -> {
		};
	}

	private static RetrievedQuery query(int passages) {
		return query(passages, null);
	}

	private static RetrievedQuery query(int passages, Instant deadline) {
		List<Passage> list = new ArrayList<>();
		for (int i = 0; i < passages; i++) {
			list.add(new Passage("doc-" + i, "Title " + i, "Passage text number " + i + " ".repeat(200), 1.0));
		}
		QueryMessage message = new QueryMessage(1, "q1", "Why is the sky blue?", null, null, null, deadline, null);
		return new RetrievedQuery(message, list, Instant.now());
	}

	private static int promptLength(int passages) {
		return PromptBuilder.build(query(passages)).stream().mapToInt((message) -> message.content().length()).sum();
	}

	/** Settings a test changes before building its generator. */
	private static final class Settings {

		private String baseUrl;

		private String model = MODEL;

		private Api api = Api.CHAT;

		private boolean stream = true;

		private Duration readTimeout = Duration.ofSeconds(5);

		private Duration callTimeout = Duration.ofSeconds(10);

		Settings(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		VllmProperties properties() {
			return new VllmProperties(this.baseUrl, this.model, null, this.api, this.stream, Duration.ofSeconds(2),
					this.readTimeout, this.callTimeout, new VllmProperties.Retry(3, Duration.ofMillis(20), 2.0, 0.5),
					new VllmProperties.CircuitBreaker(true, 50, 20, 10, Duration.ofSeconds(30), 3));
		}

	}

}
