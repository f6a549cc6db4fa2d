package dev.ragline.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When vLLM fails and no Ollama is configured, the query is still answered, from the
 * passages, and the answer says why no LLM gave it.
 */
class ExtractiveFallbackIT {

	@Test
	void theExtractiveAnswerSaysThatVllmFailedAndNoOllamaIsConfigured() {
		TestScope scope = TestScope.create();
		try (FakeVllm vllm = FakeVllm.start("served-model").failingWith(500);
				ConfigurableApplicationContext worker = LlmWorkerApplication.builder()
					.properties(scope.properties())
					.properties(
							Map.of("spring.main.web-application-type", "none", "ragline.llm.roles", "primary,fallback",
									"ragline.vllm.base-url", vllm.baseUrl(), "ragline.vllm.model", "served-model"))
					.run()) {
			String id = UUID.randomUUID().toString();
			TopicReader.publish(scope.retrieved(), id,
					MessageJson.toBytes(new RetrievedQuery(QueryMessage.of(id, "Why is the sky blue?"),
							List.of(new Passage("doc-1", "Rayleigh", "Air scatters blue light more than red.", 3)),
							Instant.now())));

			ResultStore store = worker.getBean(ResultStore.class);
			QueryResult result = await().atMost(Duration.ofSeconds(30))
				.until(() -> store.find(id).orElse(null), (found) -> found != null && found.status().isFinal());

			assertThat(result.status()).isEqualTo(QueryStatus.DONE);
			assertThat(result.backend()).isEqualTo(Backends.EXTRACTIVE);
			assertThat(result.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
			assertThat(result.answer())
				.startsWith(
						"Extractive answer (vLLM did not answer (VLLM_UNAVAILABLE) and no Ollama is configured; quoted")
				.doesNotContain("no LLM is configured");
		}
	}

}
