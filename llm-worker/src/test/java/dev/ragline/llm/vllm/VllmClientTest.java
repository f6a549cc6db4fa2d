package dev.ragline.llm.vllm;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.llm.generation.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.FakeVllm.ErrorEra;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VllmClientTest {

	private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("Why is the sky blue?"));

	private final FakeVllm vllm = FakeVllm.start("served-model");

	@AfterEach
	void stop() {
		this.vllm.close();
	}

	@Test
	void returnsTheCompletionAndTheModelVllmNamed() {
		this.vllm.answering("Rayleigh scattering [1].");

		Completion completion = client(this.vllm.baseUrl(), "served-model").complete("q1", PROMPT, 64, 0.2);

		assertThat(completion.text()).isEqualTo("Rayleigh scattering [1].");
		assertThat(completion.model()).isEqualTo("served-model");
		assertThat(this.vllm.requests().get(0).json().path("max_tokens").asInt()).isEqualTo(64);
	}

	@Test
	void acceptsABaseUrlThatAlreadyEndsInV1() {
		Completion completion = client(this.vllm.baseUrl() + "/v1/", "served-model").complete("q1", PROMPT, 8, 0);

		assertThat(completion.text()).isNotBlank();
		assertThat(this.vllm.requests().get(0).path()).isEqualTo("/v1/chat/completions");
	}

	@Test
	void asksForTheFirstServedModelWhenNoneIsConfigured() {
		client(this.vllm.baseUrl(), null).complete("q1", PROMPT, 8, 0);

		assertThat(this.vllm.requests()).extracting(FakeVllm.Recorded::path)
			.containsExactly("/v1/models", "/v1/chat/completions");
		assertThat(this.vllm.requests().get(1).json().path("model").asString()).isEqualTo("served-model");
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void reroutesAModelNotFoundInEitherErrorEraNamingTheServedModels(ErrorEra era) {
		this.vllm.errorEra(era);

		FallbackReason reason = failure(client(this.vllm.baseUrl(), "llama-typo"));

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_MODEL_NOT_FOUND);
		assertThat(reason.httpStatus()).isEqualTo(404);
		assertThat(reason.detail()).contains("The model `llama-typo` does not exist.", "[served-model]");
	}

	@Test
	void reroutesARoute404AsAWrongBaseUrl() {
		FallbackReason reason = failure(client(this.vllm.baseUrl() + "/v1/v1", "served-model"));

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_ROUTE_NOT_FOUND);
		assertThat(reason.detail()).contains("{\"detail\":\"Not Found\"}", "/v1/v1/chat/completions");
	}

	@Test
	void reroutesAReadTimeoutWhenVllmHangs() {
		this.vllm.hanging(true);
		VllmClient client = client(this.vllm.baseUrl(), "served-model", Duration.ofMillis(300));

		FallbackReason reason = failure(client);

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(reason.httpStatus()).isNull();
		assertThat(reason.detail()).contains("read timeout");
	}

	@Test
	void reroutesServerErrorsAsUnavailableAndAuthFailuresAsConfigurationErrors() {
		this.vllm.failingWith(500);
		assertThat(failure(client(this.vllm.baseUrl(), "served-model")).code())
			.isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		this.vllm.failingWith(401);
		assertThat(failure(client(this.vllm.baseUrl(), "served-model")).code())
			.isEqualTo(FallbackReason.VLLM_CONFIG_ERROR);
	}

	@Test
	void treatsATrailingSlashRedirectAsAConfigurationError() {
		// the fake answers 307 for /v1/chat/completions/ exactly as Starlette does
		VllmClient client = new VllmClient(new OkHttpClient(), new VllmProperties(this.vllm.baseUrl(), "served-model",
				null, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC()) {
			@Override
			public String chatUrl() {
				return super.chatUrl() + "/";
			}
		};

		FallbackReason reason = failure(client);

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_CONFIG_ERROR);
		assertThat(reason.httpStatus()).isEqualTo(307);
	}

	@Test
	void reroutesARefusedConnectionAsUnavailable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		FallbackReason reason = failure(client("http://127.0.0.1:" + closedPort, "served-model"));

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(reason.detail()).contains("connection refused");
	}

	@Test
	void recordsTheFailedAttempt() {
		assertThatThrownBy(() -> client(this.vllm.baseUrl(), "missing").complete("q1", PROMPT, 8, 0))
			.isInstanceOfSatisfying(BackendUnavailableException.class, (ex) -> {
				assertThat(ex.queryId()).isEqualTo("q1");
				assertThat(ex.attempt().backend()).isEqualTo("vllm");
				assertThat(ex.attempt().outcome()).isEqualTo("rerouted");
				assertThat(ex.attempt().reason()).isEqualTo(FallbackReason.VLLM_MODEL_NOT_FOUND);
			});
	}

	private static FallbackReason failure(VllmClient client) {
		try {
			client.complete("q1", PROMPT, 8, 0);
		}
		catch (BackendUnavailableException ex) {
			return ex.fallbackReason();
		}
		throw new AssertionError("expected the call to fail");
	}

	private static VllmClient client(String baseUrl, String model) {
		return client(baseUrl, model, Duration.ofSeconds(5));
	}

	private static VllmClient client(String baseUrl, String model, Duration readTimeout) {
		return new VllmClient(new OkHttpClient(),
				new VllmProperties(baseUrl, model, null, Duration.ofSeconds(2), readTimeout, Duration.ofSeconds(10)),
				Clock.systemUTC());
	}

}
