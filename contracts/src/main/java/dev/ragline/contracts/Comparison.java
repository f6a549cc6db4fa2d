package dev.ragline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A shadow call next to a query's answer: the same question sent to the other backend
 * after the primary answered, for comparing the two on real questions. It never changes
 * the query's status or answer; it is added to the final document when it ends. (Its
 * field names stay clear of the document's own {@code status}, {@code version},
 * {@code timestamps} and {@code updatedAt}, which the store's scripts find by name.)
 *
 * @param experiment {@code shadow}
 * @param queryId the query it shadowed
 * @param backend the shadow's backend ({@link Backends})
 * @param model the shadow's model, as the backend named it
 * @param outcome {@code answered} or {@code failed}
 * @param failure why it failed, else {@code null}
 * @param startedAt when the shadow call started
 * @param latencyMs how long the shadow call took
 * @param timeToFirstTokenMs when its first text arrived, from its start (streamed calls)
 * @param tokensPerSecond its generation speed: answer tokens (estimated at four
 * characters each) over the time after the first token
 * @param answer the shadow's answer
 * @param primaryBackend the backend that answered the query
 * @param primaryModel its model
 * @param primaryLatencyMs how long the primary's answering call took
 * @param primaryTimeToFirstTokenMs when the primary's first text arrived
 * @param primaryTokensPerSecond the primary's generation speed, estimated alike
 * @param sourceAgreement the passages both answers cite ({@code [n]}) over those either
 * cites, 0 to 1 (1 when neither cites any)
 * @param answerSimilarity how alike the two answers are in meaning: the cosine of their
 * embeddings by the retriever's embedding model (1 for the same meaning; unrelated
 * answers score well above 0 with bge models, so compare it with other runs rather than
 * with 0), {@code null} when the model is unavailable
 */
public record Comparison(String experiment, String queryId, String backend, String model, String outcome,
		String failure, Instant startedAt, Long latencyMs, Long timeToFirstTokenMs, Double tokensPerSecond,
		String answer, String primaryBackend, String primaryModel, Long primaryLatencyMs,
		Long primaryTimeToFirstTokenMs, Double primaryTokensPerSecond, Double sourceAgreement,
		Double answerSimilarity) {

	public static final String SHADOW = "shadow";

	/** Whether the shadow call answered. */
	public boolean answered() {
		return Attempt.ANSWERED.equals(this.outcome);
	}

	/** The passage numbers an answer cites, {@code [1]}, {@code [2]} ... */
	public static List<Integer> citedSources(String answer) {
		if (answer == null) {
			return List.of();
		}
		return java.util.regex.Pattern.compile("\\[(\\d+)]")
			.matcher(answer)
			.results()
			.map((match) -> Integer.parseInt(match.group(1)))
			.distinct()
			.sorted()
			.toList();
	}

}
