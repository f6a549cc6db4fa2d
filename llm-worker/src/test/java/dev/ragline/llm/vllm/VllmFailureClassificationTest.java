package dev.ragline.llm.vllm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.llm.backend.Generation;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.FakeVllm.ErrorEra;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.ragline.llm.vllm.VllmTestSupport.MODEL;
import static dev.ragline.llm.vllm.VllmTestSupport.ignored;
import static dev.ragline.llm.vllm.VllmTestSupport.query;
import static dev.ragline.llm.vllm.VllmTestSupport.rerouted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every row of the README's "Why a query went to Ollama" table, each against a fake that
 * does it on the wire: vLLM in both error-body eras, and llama.cpp's server.
 */
class VllmFailureClassificationTest {

	private final FakeVllm vllm = FakeVllm.start(MODEL);

	private final VllmTestSupport.Settings settings = new VllmTestSupport.Settings(this.vllm.baseUrl());

	private final List<AutoCloseable> others = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		this.vllm.close();
		for (AutoCloseable other : this.others) {
			other.close();
		}
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void aModelVllmDoesNotServeIsModelNotFoundNamingTheServedModels(ErrorEra era) {
		this.vllm.errorEra(era);
		this.settings.model = "llama-typo";

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_MODEL_NOT_FOUND);
		assertThat(reason.httpStatus()).isEqualTo(404);
		assertThat(reason.attempts()).isEqualTo(1);
		assertThat(reason.detail()).contains("The model `llama-typo` does not exist.", "Served models: [served-model]");
	}

	@Test
	void aPathVllmDoesNotHaveIsRouteNotFound() {
		this.vllm.openAiRoutes(false);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_ROUTE_NOT_FOUND);
		assertThat(reason.detail()).contains("{\"detail\":\"Not Found\"}", "/v1/chat/completions");
	}

	@Test
	void llamaCppsUnknownRouteIsRouteNotFoundNotAModelError() {
		FakeVllm llama = llamaCpp();
		this.settings.baseUrl = llama.baseUrl() + "/v1/v1";

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_ROUTE_NOT_FOUND);
		assertThat(reason.detail()).contains("File Not Found");
	}

	@Test
	void noResponseWithinTheReadTimeoutIsATimeout() {
		this.vllm.hanging(true);
		this.settings.readTimeout = Duration.ofMillis(300);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(reason.httpStatus()).isNull();
		assertThat(reason.detail()).contains("read timeout (nothing after the request)");
	}

	@Test
	void noConnectionWithinTheConnectTimeoutIsATimeout() throws Exception {
		// a listener that never accepts, its queue filled: a new connection is never
		// completed
		ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.others.add(full);
		for (int i = 0; i < 8; i++) {
			Socket filler = new Socket();
			this.others.add(filler);
			try {
				filler.connect(full.getLocalSocketAddress(), 100);
			}
			catch (IOException ex) {
				break;
			}
		}
		this.settings.baseUrl = "http://127.0.0.1:" + full.getLocalPort();
		this.settings.connectTimeout = Duration.ofMillis(300);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(reason.detail()).contains("connect timeout");
	}

	@Test
	void anAnswerThatStallsAfterHttp200IsATimeoutAfterTheReadTimeout() {
		this.vllm.stallingAfter(3, Duration.ofSeconds(5));
		this.settings.readTimeout = Duration.ofMillis(300);
		List<String> partials = new ArrayList<>();

		BackendUnavailableException rerouted = rerouted(this.settings.generator(false), query(1), partials::add);

		assertThat(rerouted.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(rerouted.fallbackReason().httpStatus()).isEqualTo(200);
		assertThat(rerouted.fallbackReason().detail()).contains("stalled", "characters of the answer had arrived");
		assertThat(partials).isNotEmpty();
	}

	@Test
	void aTrickleThatKeepsTheReadTimeoutAlivePastTheCallTimeoutIsATimeout() {
		this.vllm.answering("slow ".repeat(200).strip()).streamPace(Duration.ofMillis(50));
		this.settings.readTimeout = Duration.ofMillis(500);
		this.settings.callTimeout = Duration.ofMillis(800);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(reason.detail()).contains("call timeout");
	}

	@Test
	void aStreamCutShortAfterHttp200WithContentIsAStreamError() {
		this.vllm.cuttingAfter(3);
		List<String> partials = new ArrayList<>();

		BackendUnavailableException rerouted = rerouted(this.settings.generator(false), query(1), partials::add);

		assertThat(rerouted.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_STREAM_ERROR);
		assertThat(rerouted.fallbackReason().httpStatus()).isEqualTo(200);
		assertThat(rerouted.fallbackReason().detail()).contains("the connection closed in the middle of the answer",
				partials.get(partials.size() - 1).length() + " characters of the answer had arrived");
		assertThat(this.vllm.generationRequests()).as("not retried").hasSize(1);
	}

	@Test
	void aStreamCutRightAfterTheHeadersIsAStreamErrorBeforeAnyContent() {
		this.vllm.cuttingAfter(0);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_STREAM_ERROR);
		assertThat(reason.detail()).contains("before any of the answer arrived");
	}

	@Test
	void aWholeAnswerCutShortIsAStreamErrorToo() {
		this.vllm.cuttingAfter(0);
		this.settings.stream = false;

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_STREAM_ERROR);
		assertThat(reason.httpStatus()).isEqualTo(200);
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void anErrorEventInsideAStreamThatStartedWith200IsAStreamError(ErrorEra era) {
		this.vllm.errorEra(era).streamError(true);
		List<String> partials = new ArrayList<>();

		BackendUnavailableException rerouted = rerouted(this.settings.generator(false), query(1), partials::add);

		assertThat(rerouted.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_STREAM_ERROR);
		assertThat(rerouted.fallbackReason().httpStatus()).isEqualTo(200);
		assertThat(rerouted.fallbackReason().detail()).contains("error event", "EngineGenerateError");
		assertThat(partials).isNotEmpty();
	}

	@Test
	void llamaCppsErrorEventWithoutDoneIsAStreamError() {
		llamaCpp().streamError(true);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_STREAM_ERROR);
		assertThat(reason.detail()).contains("server_error");
	}

	@Test
	void aConnectionResetBeforeAnyResponseIsRetriedAndThenAnswered() {
		this.vllm.resettingTimes(1);

		Generation generation = this.settings.generator(false).generate(query(1), 8, 0, ignored());

		assertThat(generation.attempts()).extracting(Attempt::outcome).last().isEqualTo("answered");
		assertThat(generation.attempts()).extracting(Attempt::reason)
			.contains(FallbackReason.VLLM_UNAVAILABLE)
			.last()
			.isNull();
	}

	@Test
	void connectionsResetBeforeAnyResponseUntilTheRetriesAreSpentAreUnavailable() {
		this.vllm.resettingTimes(100);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(reason.httpStatus()).isNull();
		assertThat(reason.detail()).contains("reset before any response");
	}

	@Test
	void aRefusedConnectionIsUnavailableAtOnce() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.settings.baseUrl = "http://127.0.0.1:" + socket.getLocalPort();
		}

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(reason.detail()).contains("connection refused");
		assertThat(reason.attempts()).isEqualTo(1);
	}

	@Test
	void tooManyRequestsAndServerErrorsAreRetriedThenUnavailable() {
		this.vllm.failingWith(429);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(reason.httpStatus()).isEqualTo(429);
		assertThat(reason.attempts()).isEqualTo(3);
	}

	@Test
	void llamaCppStillLoadingItsModelIsRetriedThenUnavailable() {
		llamaCpp().failingWith(503);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
		assertThat(reason.httpStatus()).isEqualTo(503);
		assertThat(reason.detail()).contains("Loading model", "unavailable_error");
	}

	@Test
	void otherRefusalsAreConfigurationErrorsAndNotRetried() {
		this.vllm.failingWith(401);

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_CONFIG_ERROR);
		assertThat(this.vllm.generationRequests()).hasSize(1);
	}

	@Test
	void http200WithoutACompletionIsABadResponse() throws Exception {
		MockWebServer other = new MockWebServer();
		this.others.add(other);
		other.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				// another server at the base URL: its page for every path
				return new MockResponse.Builder().code(200)
					.setHeader("Content-Type", "text/html")
					.body("<html>a proxy's page</html>")
					.build();
			}
		});
		other.start(InetAddress.getLoopbackAddress(), 0);
		this.settings.baseUrl = "http://127.0.0.1:" + other.getPort();
		this.settings.stream = false;

		FallbackReason reason = reason();

		assertThat(reason.code()).isEqualTo(FallbackReason.VLLM_BAD_RESPONSE);
		assertThat(reason.detail()).contains("a proxy's page");
	}

	@Test
	void theWorkerStoppingDuringACallIsNoVerdictOnVllm() {
		this.vllm.latency(Duration.ofSeconds(5));
		VllmGenerator generator = this.settings.generator(false);
		Thread caller = Thread.currentThread();
		Thread interrupter = new Thread(() -> {
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				return;
			}
			caller.interrupt();
		});
		interrupter.start();

		assertThatThrownBy(() -> generator.generate(query(1), 8, 0, ignored()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("The worker stops");
		Thread.interrupted();
	}

	private FallbackReason reason() {
		return rerouted(this.settings.generator(false), query(1)).fallbackReason();
	}

	private FakeVllm llamaCpp() {
		FakeVllm llama = FakeVllm.startLlamaCpp("llama-3.2-1b-instruct-q4");
		this.others.add(llama);
		this.settings.baseUrl = llama.baseUrl();
		return llama;
	}

}
