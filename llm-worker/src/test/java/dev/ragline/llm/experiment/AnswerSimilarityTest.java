package dev.ragline.llm.experiment;

import java.time.Duration;

import dev.ragline.embedding.EmbeddingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Two answers are compared by meaning with the retriever's model (bge-small-en-v1.5): a
 * paraphrase scores above an answer about something else, and no comparison waits for the
 * model to load.
 */
class AnswerSimilarityTest {

	private static final String ANSWER = "The sky looks blue because air molecules scatter short, blue wavelengths "
			+ "of sunlight far more than red ones (Rayleigh scattering) [1].";

	private static final String PARAPHRASE = "Sunlight's blue light is scattered much more strongly by the molecules "
			+ "of the atmosphere than its red light, so the sky appears blue [1].";

	private static final String UNRELATED = "Kafka consumer groups share a topic's partitions among their members, "
			+ "and a rebalance moves partitions when a member joins or leaves [2].";

	@Test
	void aParaphraseIsCloserThanAnAnswerAboutSomethingElseAndNothingWaitsForTheModel() {
		try (AnswerSimilarity similarity = new AnswerSimilarity(EmbeddingModel.BGE_SMALL_EN_V15)) {
			assertThat(similarity.between(ANSWER, PARAPHRASE)).as("not loaded yet: left out, not waited for").isNull();
			await().atMost(Duration.ofSeconds(60)).until(similarity::loaded);

			double same = similarity.between(ANSWER, ANSWER);
			double paraphrase = similarity.between(ANSWER, PARAPHRASE);
			double unrelated = similarity.between(ANSWER, UNRELATED);

			assertThat(same).isCloseTo(1.0, within(1e-4));
			assertThat(paraphrase).isGreaterThan(0.8);
			assertThat(unrelated).isLessThan(paraphrase - 0.15);
			assertThat(similarity.between(ANSWER, " ")).isNull();
		}
	}

}
