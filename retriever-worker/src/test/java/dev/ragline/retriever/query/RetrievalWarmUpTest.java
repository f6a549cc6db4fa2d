package dev.ragline.retriever.query;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.retriever.index.PassageSplitter;
import dev.ragline.retriever.index.RankFusion;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class RetrievalWarmUpTest {

	@Test
	void searchesTheIndexUntilItsSearchLimitWhenTimeAllows() throws Exception {
		try (PassageIndex index = indexWith(DocumentMessage.of("d", "Vitamin D",
				"Vitamin D deficiency raises parathyroid hormone and lowers bone density.", ""))) {
			RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties("10m"), Clock.systemUTC());

			assertThat(warmUp.run()).isEqualTo(RetrievalWarmUp.MAX_SEARCHES);
		}
	}

	@Test
	void doesNothingWhenTurnedOffOrTheIndexIsEmpty() throws Exception {
		try (PassageIndex full = indexWith(DocumentMessage.of("d", "Sleep", "Sleep helps memory.", ""));
				PassageIndex empty = indexWith()) {
			assertThat(new RetrievalWarmUp(full, properties("0s"), Clock.systemUTC()).run()).isZero();
			assertThat(new RetrievalWarmUp(empty, properties("10m"), Clock.systemUTC()).run()).isZero();
		}
	}

	@Test
	void warmsUpEarlyOnAnIndexThatHoldsPassagesAndRunWaitsForIt() throws Exception {
		try (PassageIndex index = indexWith(DocumentMessage.of("d", "Vitamin D",
				"Vitamin D deficiency raises parathyroid hormone and lowers bone density.", ""))) {
			RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties("10m"), Clock.systemUTC());

			assertThat(warmUp.startEarly()).isTrue();
			assertThat(warmUp.startEarly()).as("a second start").isFalse();
			assertThat(warmUp.run()).as("what the early warm-up searched").isEqualTo(RetrievalWarmUp.MAX_SEARCHES);
			warmUp.close();
		}
	}

	@Test
	void leavesAnEmptyIndexToTheWarmUpAfterCatchingUp() throws Exception {
		try (PassageIndex index = indexWith()) {
			RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties("10m"), Clock.systemUTC());

			assertThat(warmUp.startEarly()).isFalse();
			index.upsert(List.of(DocumentMessage.of("d", "Sleep", "Sleep helps memory.", "")));
			index.refresh();
			assertThat(warmUp.run()).isEqualTo(RetrievalWarmUp.MAX_SEARCHES);
		}
	}

	@Test
	void closeWaitsForAnEarlyWarmUpToEnd() throws Exception {
		try (PassageIndex index = indexWith(DocumentMessage.of("d", "Sleep", "Sleep helps memory.", ""))) {
			RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties("10m"), Clock.systemUTC());
			warmUp.startEarly();

			warmUp.close();

			assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().equals("retrieval-warm-up"));
		}
	}

	private static PassageIndex indexWith(DocumentMessage... documents) {
		PassageIndex index = new PassageIndex(new PassageSplitter(400, 80), null, new RankFusion(RankFusion.DEFAULT_K));
		index.upsert(List.of(documents));
		index.refresh();
		return index;
	}

	private static RetrieverProperties properties(String warmUp) {
		return new Binder(new MapConfigurationPropertySource(
				Map.of("ragline.retriever.mode", "bm25", "ragline.retriever.warm-up", warmUp)))
			.bindOrCreate("ragline.retriever", RetrieverProperties.class);
	}

}
