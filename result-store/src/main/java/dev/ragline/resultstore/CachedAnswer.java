package dev.ragline.resultstore;

import java.time.Instant;
import java.util.List;

import dev.ragline.contracts.Passage;

/**
 * An answer kept in the answer cache.
 *
 * @param queryId the query that was answered
 * @param answer the answer
 * @param sources its passages
 * @param backend the backend that answered
 * @param model the model that answered
 * @param answeredAt when
 */
public record CachedAnswer(String queryId, String answer, List<Passage> sources, String backend, String model,
		Instant answeredAt) {

	public CachedAnswer {
		sources = (sources != null) ? List.copyOf(sources) : List.of();
	}

}
