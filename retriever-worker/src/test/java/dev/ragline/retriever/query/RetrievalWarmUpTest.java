package dev.ragline.retriever.query;

import java.time.Clock;
import java.time.Duration;
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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RetrievalWarmUpTest {

	@Test
	void searchesTheIndexUntilItsSearchLimitWhenTimeAllows() throws Exception {
		try (PassageIndex index = indexWith(DocumentMessage.of("d", "Vitamin D",
				"Vitamin D deficiency raises parathyroid hormone and lowers bone density.", ""))) {
			RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties("10m"), Clock.systemUTC());

			assertThat(warmUp.run()).isEqualTo(500);
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
			assertThat(warmUp.run()).as("what the early warm-up searched")
				.isBetween(RetrievalWarmUp.EARLY_MINIMUM_SEARCHES, 500);
			warmUp.close();
		}
	}

	@Test
	void anEarlyWarmUpEndsAtItsMinimumOnceTheReplicaIsOtherwiseReady() throws Exception {
		try (PassageIndex index = indexWith(DocumentMessage.of("d", "Vitamin D",
				"Vitamin D deficiency raises parathyroid hormone and lowers bone density.", ""))) {
			RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties("10m", Integer.MAX_VALUE),
					Clock.systemUTC());
			warmUp.startEarly();

			int searches = assertTimeoutPreemptively(Duration.ofSeconds(30), warmUp::run,
					"run() waited for a warm-up limited only by its 10 minutes");

			assertThat(searches).isGreaterThanOrEqualTo(RetrievalWarmUp.EARLY_MINIMUM_SEARCHES);
			warmUp.close();
		}
	}

	@Test
	void theWarmUpAfterCatchingUpRunsToItsSearchLimit() throws Exception {
		try (PassageIndex index = indexWith(DocumentMessage.of("d", "Sleep", "Sleep helps memory.", ""))) {
			assertThat(new RetrievalWarmUp(index, properties("10m", 3), Clock.systemUTC()).run()).isEqualTo(3);
		}
	}

	@Test
	void leavesAnEmptyIndexToTheWarmUpAfterCatchingUp() throws Exception {
		try (PassageIndex index = indexWith()) {
			RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties("10m"), Clock.systemUTC());

			assertThat(warmUp.startEarly()).isFalse();
			index.upsert(List.of(DocumentMessage.of("d", "Sleep", "Sleep helps memory.", "")));
			index.refresh();
			assertThat(warmUp.run()).isEqualTo(500);
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
		return properties(warmUp, 500);
	}

	private static RetrieverProperties properties(String warmUp, int searches) {
		return new Binder(new MapConfigurationPropertySource(Map.of("ragline.retriever.mode", "bm25",
				"ragline.retriever.warm-up", warmUp, "ragline.retriever.warm-up-searches", Integer.toString(searches))))
			.bindOrCreate("ragline.retriever", RetrieverProperties.class);
	}

}
