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

		String answer = ExtractiveAnswerer.answer(query);

		assertThat(answer).startsWith(ExtractiveAnswerer.PREFIX)
			.contains("Vitamin D supplements lower fracture risk in the elderly. [1]")
			.contains("Fracture risk rises with age. [2]");
		assertThat(answer.indexOf("[1]")).isLessThan(answer.indexOf("[2]"));
	}

	@Test
	void saysSoWhenNothingMatched() {
		RetrievedQuery query = new RetrievedQuery(QueryMessage.of("q1", "Anything?"), List.of(), Instant.now());

		assertThat(ExtractiveAnswerer.answer(query)).isEqualTo(ExtractiveAnswerer.NO_PASSAGES);
	}

}
