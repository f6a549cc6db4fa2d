package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.extractive.ExtractiveAnswerer;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.Update;

/**
 * Every result-document write of the LLM stage, in the order a query goes through them.
 */
class ResultRecorder {

	private final ResultStore store;

	private final Clock clock;

	private final AnswerMemory memory;

	ResultRecorder(ResultStore store, Clock clock, AnswerMemory memory) {
		this.store = store;
		this.clock = clock;
		this.memory = memory;
	}

	Instant now() {
		return this.clock.instant();
	}

	/**
	 * Marks the query FAILED with EXPIRED when its deadline has passed.
	 * @return whether it had, so the query is done with
	 */
	boolean failIfExpired(RetrievedQuery query) {
		Instant deadline = query.query().deadline();
		if (deadline == null || now().isBefore(deadline)) {
			return false;
		}
		expired(query.id(), new DeadlineExpiredException(query.id(), deadline));
		return true;
	}

	/**
	 * GENERATING; not applied when the query is already past it (a duplicate or late
	 * record).
	 */
	Update startGenerating(RetrievedQuery query) {
		return advance(query.id(), query.query().question(), QueryStatus.GENERATING);
	}

	/**
	 * REROUTED with the reason and the failed call, when the fallback role takes the
	 * query; refused when the query is already final.
	 */
	Update startFallback(RetrievedQuery query, FallbackReason reason, Attempt attempt) {
		return reroute(query.id(), query.query().question(), reason, attempt);
	}

	/**
	 * The answer so far, while a backend streams it; nothing when the query is already
	 * final.
	 * @param known the document as this writer last saw it
	 * @return the document as it now stands
	 */
	QueryResult partial(QueryResult known, String text) {
		Update update = this.store.update(known, (current) -> (current == null || current.status().isFinal()) ? null
				: current.toBuilder().partialAnswer(text).build());
		if (update.result() != null && update.result().status() == QueryStatus.CANCELLED) {
			throw new QueryCancelledException(known.id());
		}
		return (update.result() != null) ? update.result() : known;
	}

	/**
	 * REROUTED with the reason and the failed call, once the record is safely on the
	 * fallback topic.
	 */
	Update rerouted(String id, FallbackReason reason, Attempt attempt) {
		return reroute(id, null, reason, attempt);
	}

	/**
	 * The primary role (after publishing) and the fallback role (on receipt) both record
	 * the reroute, in either order; whichever comes first writes it, the failed call only
	 * once.
	 */
	private Update reroute(String id, String question, FallbackReason reason, Attempt attempt) {
		Instant now = now();
		return this.store.update(id, (current) -> {
			boolean attemptRecorded = attempt == null || (current != null && current.attempts().contains(attempt));
			if (current != null && current.status() == QueryStatus.REROUTED && attemptRecorded
					&& Objects.equals(reason, current.fallbackReason())) {
				return null;
			}
			QueryResult.Builder result = builder(current, id, question, now).status(QueryStatus.REROUTED, now)
				.fallbackReason(reason)
				.partialAnswer(null);
			return attemptRecorded ? result.build() : result.attempt(attempt).build();
		});
	}

	/**
	 * DONE with the answer and the passages it was generated from.
	 * @param known the document as this writer last saw it
	 */
	Update answered(QueryResult known, RetrievedQuery query, List<Passage> sources, Completion completion,
			String backend, Instant startedAt, FallbackReason reason) {
		Instant now = now();
		Attempt attempt = new Attempt(backend, completion.model(), Attempt.ANSWERED, null, startedAt,
				Duration.between(startedAt, now).toMillis());
		Update update = this.store.update(known, (current) -> {
			QueryResult.Builder result = builder(current, query.id(), query.query().question(), now)
				.status(QueryStatus.DONE, now)
				.answer(completion.text())
				.partialAnswer(null)
				.sources(sources)
				.backend(backend)
				.model(completion.model())
				.attempt(attempt);
			return (reason != null) ? result.fallbackReason(reason).build() : result.build();
		});
		if (update.applied()) {
			this.memory.remember(query, update.result());
		}
		return update;
	}

	/** DONE with the extractive answer: no LLM is configured for this role. */
	Update answeredExtractively(QueryResult known, RetrievedQuery query, Instant startedAt, FallbackReason reason) {
		Completion completion = new Completion(ExtractiveAnswerer.answer(query), null);
		return answered(known, query, query.passages(), completion, Backends.EXTRACTIVE, startedAt, reason);
	}

	/** FAILED with the error. */
	Update failed(String id, ErrorInfo error) {
		Instant now = now();
		return this.store.update(id,
				(current) -> builder(current, id, null, now).status(QueryStatus.FAILED, now)
					.error(error)
					.partialAnswer(null)
					.build());
	}

	/** FAILED because the deadline passed. */
	Update expired(String id, DeadlineExpiredException expired) {
		return failed(id, new ErrorInfo(ErrorInfo.EXPIRED, expired.getMessage()));
	}

	/**
	 * Moves to {@code status}; writes nothing when the document says so already (a
	 * retried record, or a reroute the primary role recorded), and refuses when it is
	 * past it.
	 */
	private Update advance(String id, String question, QueryStatus status) {
		Instant now = now();
		return this.store.update(id, (current) -> {
			if (current != null && current.status() == status) {
				return null;
			}
			return builder(current, id, question, now).status(status, now).build();
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
