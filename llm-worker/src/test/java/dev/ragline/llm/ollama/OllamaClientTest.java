package dev.ragline.llm.ollama;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.llm.backend.BackendFailedException;
import dev.ragline.llm.backend.BackendRejectedException;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import dev.ragline.testsupport.FakeOllama;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OllamaClientTest {

	private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("Why is the sky blue?"));

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final FakeOllama ollama = FakeOllama.start("llama3.2");

	private final List<String> partials = new ArrayList<>();

	@AfterEach
	void stop() {
		this.ollama.close();
	}

	@Test
	void streamsNdjsonAndPassesTheGrowingAnswerOn() {
		this.ollama.answering("Because of Rayleigh scattering.");

		Completion completion = client("llama3.2", true).complete("q1", PROMPT, 32, 0.1, TIMEOUT, this.partials::add);

		assertThat(completion.text()).isEqualTo("Because of Rayleigh scattering.");
		assertThat(this.ollama.requests().get(0).json().path("stream").asBoolean(false)).isTrue();
		assertThat(this.partials).startsWith("Because ", "Because of ").endsWith("Because of Rayleigh scattering.");
	}

	@Test
	void failsRetryablyOnAnErrorLineInsideTheStream() {
		this.ollama.streamError(true);

		assertThatThrownBy(() -> client("llama3.2", true).complete("q1", PROMPT, 32, 0.1, TIMEOUT, this.partials::add))
			.isInstanceOf(BackendFailedException.class)
			.hasMessageContaining("llama runner process has terminated");
	}

	@Test
	void asksWithoutStreamingAndReturnsTheMessageContent() {
		this.ollama.answering("Because of scattering.");

		Completion completion = client("llama3.2", false).complete("q1", PROMPT, 32, 0.1, TIMEOUT, this.partials::add);

		assertThat(completion.text()).isEqualTo("Because of scattering.");
		assertThat(completion.model()).isEqualTo("llama3.2");
		assertThat(this.ollama.requests().get(0).json().path("stream").asBoolean(true)).isFalse();
		assertThat(this.partials).as("nothing partial without streaming").isEmpty();
		assertThat(this.ollama.requests().get(0).json().path("options").path("num_predict").asInt()).isEqualTo(32);
	}

	@Test
	void rejectsForGoodAModelThatIsNotPulledSayingWhatToPull() {
		assertThatThrownBy(() -> client("mistral", true).complete("q1", PROMPT, 32, 0.1, TIMEOUT, this.partials::add))
			.isInstanceOf(BackendRejectedException.class)
			.hasMessageContaining("model 'mistral' not found")
			.hasMessageContaining("ollama pull mistral");
	}

	@Test
	void failsRetryablyWhenBusy() {
		this.ollama.busy(true);

		assertThatThrownBy(() -> client("llama3.2", true).complete("q1", PROMPT, 32, 0.1, TIMEOUT, this.partials::add))
			.isInstanceOf(BackendFailedException.class)
			.hasMessageContaining("503")
			.hasMessageContaining(FakeOllama.BUSY_MESSAGE);
	}

	@Test
	void failsRetryablyOnATimeout() {
		this.ollama.hanging(true);
		OllamaClient client = new OllamaClient(new OkHttpClient(), new OllamaProperties(this.ollama.baseUrl(),
				"llama3.2", true, Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5)));

		assertThatThrownBy(() -> client.complete("q1", PROMPT, 32, 0.1, TIMEOUT, this.partials::add))
			.isInstanceOf(BackendFailedException.class)
			.hasMessageContaining("did not answer");
	}

	private OllamaClient client(String model, boolean stream) {
		return new OllamaClient(new OkHttpClient(), new OllamaProperties(this.ollama.baseUrl(), model, stream,
				Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)));
	}

}
