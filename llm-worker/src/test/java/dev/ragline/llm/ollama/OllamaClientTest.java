package dev.ragline.llm.ollama;

import java.time.Duration;
import java.util.List;

import dev.ragline.llm.generation.BackendFailedException;
import dev.ragline.llm.generation.BackendRejectedException;
import dev.ragline.llm.generation.Completion;
import dev.ragline.llm.prompt.ChatMessage;
import dev.ragline.testsupport.FakeOllama;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OllamaClientTest {

	private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("Why is the sky blue?"));

	private final FakeOllama ollama = FakeOllama.start("llama3.2");

	@AfterEach
	void stop() {
		this.ollama.close();
	}

	@Test
	void asksWithoutStreamingAndReturnsTheMessageContent() {
		this.ollama.answering("Because of scattering.");

		Completion completion = client("llama3.2").complete("q1", PROMPT, 32, 0.1);

		assertThat(completion.text()).isEqualTo("Because of scattering.");
		assertThat(completion.model()).isEqualTo("llama3.2");
		assertThat(this.ollama.requests().get(0).json().path("stream").asBoolean(true)).isFalse();
		assertThat(this.ollama.requests().get(0).json().path("options").path("num_predict").asInt()).isEqualTo(32);
	}

	@Test
	void rejectsForGoodAModelThatIsNotPulledSayingWhatToPull() {
		assertThatThrownBy(() -> client("mistral").complete("q1", PROMPT, 32, 0.1))
			.isInstanceOf(BackendRejectedException.class)
			.hasMessageContaining("model 'mistral' not found")
			.hasMessageContaining("ollama pull mistral");
	}

	@Test
	void failsRetryablyWhenBusy() {
		this.ollama.busy(true);

		assertThatThrownBy(() -> client("llama3.2").complete("q1", PROMPT, 32, 0.1))
			.isInstanceOf(BackendFailedException.class)
			.hasMessageContaining("503")
			.hasMessageContaining(FakeOllama.BUSY_MESSAGE);
	}

	@Test
	void failsRetryablyOnATimeout() {
		this.ollama.hanging(true);
		OllamaClient client = new OllamaClient(new OkHttpClient(), new OllamaProperties(this.ollama.baseUrl(),
				"llama3.2", Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5)));

		assertThatThrownBy(() -> client.complete("q1", PROMPT, 32, 0.1)).isInstanceOf(BackendFailedException.class)
			.hasMessageContaining("did not answer");
	}

	private OllamaClient client(String model) {
		return new OllamaClient(new OkHttpClient(), new OllamaProperties(this.ollama.baseUrl(), model,
				Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)));
	}

}
