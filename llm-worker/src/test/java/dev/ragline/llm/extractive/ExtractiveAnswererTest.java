package dev.ragline.llm.extractive;

import java.time.Instant;
import java.util.List;

import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.RetrievedQuery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveAnswererTest {

	@Test
	void quotesTheSentencesSharingTheMostWordsWithTheQuestionAndCitesThem() {
		RetrievedQuery query = new RetrievedQuery(QueryMessage.of("q1", "Does vitamin D lower fracture risk?"),
				List.of(new Passage("d1", "T1",
						"Bones need calcium. Vitamin D supplements lower fracture risk in the elderly.", 3),
						new Passage("d2", "T2", "Fracture risk rises with age. Unrelated sentence here.", 2)),
				Instant.now());

		String answer = ExtractiveAnswerer.answer(query, ExtractiveAnswerer.NO_LLM_CONFIGURED);

		assertThat(answer).startsWith("Extractive answer (no LLM is configured; quoted from the passages): ")
			.contains("Vitamin D supplements lower fracture risk in the elderly. [1]")
			.contains("Fracture risk rises with age. [2]");
		assertThat(answer.indexOf("[1]")).isLessThan(answer.indexOf("[2]"));
	}

	@Test
	void saysSoWhenNothingMatched() {
		RetrievedQuery query = new RetrievedQuery(QueryMessage.of("q1", "Anything?"), List.of(), Instant.now());

		assertThat(ExtractiveAnswerer.answer(query, ExtractiveAnswerer.NO_LLM_CONFIGURED))
			.isEqualTo(ExtractiveAnswerer.NO_PASSAGES);
	}

	@Test
	void saysWhyNoLlmAnswered() {
		RetrievedQuery query = new RetrievedQuery(QueryMessage.of("q1", "Does vitamin D lower fracture risk?"),
				List.of(new Passage("d1", "T1", "Vitamin D supplements lower fracture risk.", 3)), Instant.now());

		assertThat(ExtractiveAnswerer.answer(query, "vLLM did not answer (VLLM_TIMEOUT) and no Ollama is configured"))
			.startsWith("Extractive answer (vLLM did not answer (VLLM_TIMEOUT) and no Ollama is configured; quoted");
	}

}
