package dev.ragline.llm.vllm;

import java.time.Clock;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ragline.testsupport.FakeVllm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static dev.ragline.llm.vllm.VllmTestSupport.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up model check says what it knows: vLLM refuses a model it does not serve,
 * llama.cpp's server answers any name, and of another server it cannot be told.
 */
class VllmModelCheckTest {

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(VllmModelCheck.class);

	@BeforeEach
	void capture() {
		this.logs.start();
		this.logger.addAppender(this.logs);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.logs);
	}

	@Test
	void saysEveryQueryWillBeReroutedWhenVllmDoesNotServeTheConfiguredModel() {
		try (FakeVllm vllm = FakeVllm.start(MODEL)) {
			check(vllm, "model-typo");
		}

		assertThat(logged(Level.ERROR)).singleElement()
			.asString()
			.contains("serves [served-model] but ragline.vllm.model is 'model-typo'", "every query will be rerouted");
	}

	@Test
	void saysLlamaCppAnswersAnyModelNameInsteadOfPredictingReroutes() {
		try (FakeVllm llama = FakeVllm.startLlamaCpp("llama-3.2-1b").contextTokens(4096)) {
			check(llama, "qwen2.5-1.5b-instruct");
		}

		assertThat(logged(Level.ERROR)).isEmpty();
		assertThat(logged(Level.WARN)).isEmpty();
		assertThat(logged(Level.INFO)).singleElement()
			.asString()
			.contains("llama.cpp's server", "serves [llama-3.2-1b] and answers whatever model is asked for",
					"'qwen2.5-1.5b-instruct' is sent as it is", "context 4096 tokens");
	}

	@Test
	void namesTheServedModelAndContextWhenTheyMatch() {
		try (FakeVllm vllm = FakeVllm.start(MODEL).contextTokens(8192)) {
			check(vllm, MODEL);
		}

		assertThat(logged(Level.INFO)).singleElement()
			.asString()
			.contains("vLLM at", "serves [served-model]; asking for 'served-model'; context 8192 tokens");
	}

	private void check(FakeVllm server, String model) {
		VllmTestSupport.Settings settings = new VllmTestSupport.Settings(server.baseUrl());
		settings.model = model;
		VllmProperties properties = settings.properties();
		VllmClient client = new VllmClient(new okhttp3.OkHttpClient(), properties);
		new VllmModelCheck(client, new ServedModels(client, properties, Clock.systemUTC()), properties).check();
	}

	private List<String> logged(Level level) {
		return this.logs.list.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

}
