package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.Update;

/**
 * Every result-document write of the LLM stage, in the order a query goes through them.
 */
class ResultRecorder {

	private final ResultStore store;

	private final Clock clock;

	ResultRecorder(ResultStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	Instant now() {
		return this.clock.instant();
	}

	/**
	 * GENERATING; not applied when the query is already past it (a duplicate or late
	 * record).
	 */
	Update startGenerating(RetrievedQuery query) {
		return advance(query.id(), query.query().question(), QueryStatus.GENERATING, null);
	}

	/** REROUTED with the reason; not applied when the query is already final. */
	Update startFallback(RetrievedQuery query, FallbackReason reason) {
		return advance(query.id(), query.query().question(), QueryStatus.REROUTED, reason);
	}

	/** REROUTED, once the record is safely on the fallback topic. */
	Update rerouted(String id, FallbackReason reason, Attempt attempt) {
		Instant now = now();
		return this.store.update(id, (current) -> {
			QueryResult.Builder result = builder(current, id, null, now).status(QueryStatus.REROUTED, now)
				.fallbackReason(reason);
			return (attempt != null) ? result.attempt(attempt).build() : result.build();
		});
	}

	/** DONE with the answer and its sources. */
	Update answered(RetrievedQuery query, Completion completion, String backend, Instant startedAt,
			FallbackReason reason) {
		Instant now = now();
		Attempt attempt = new Attempt(backend, completion.model(), Attempt.ANSWERED, null, startedAt,
				Duration.between(startedAt, now).toMillis());
		return this.store.update(query.id(), (current) -> {
			QueryResult.Builder result = builder(current, query.id(), query.query().question(), now)
				.status(QueryStatus.DONE, now)
				.answer(completion.text())
				.sources(query.passages())
				.backend(backend)
				.model(completion.model())
				.attempt(attempt);
			return (reason != null) ? result.fallbackReason(reason).build() : result.build();
		});
	}

	/** FAILED with the error. */
	Update failed(String id, ErrorInfo error, Attempt attempt) {
		Instant now = now();
		return this.store.update(id, (current) -> {
			QueryResult.Builder result = builder(current, id, null, now).status(QueryStatus.FAILED, now).error(error);
			return (attempt != null) ? result.attempt(attempt).build() : result.build();
		});
	}

	private Update advance(String id, String question, QueryStatus status, FallbackReason reason) {
		Instant now = now();
		return this.store.update(id, (current) -> {
			QueryResult.Builder result = builder(current, id, question, now).status(status, now);
			return (reason != null) ? result.fallbackReason(reason).build() : result.build();
		});
	}

	private static QueryResult.Builder builder(QueryResult current, String id, String question, Instant now) {
		if (current != null) {
			return current.toBuilder();
		}
		// a record published straight to this topic, never seen by an earlier stage
		return QueryResult.create(id, question, QueryStatus.QUEUED, now).toBuilder();
	}

}
