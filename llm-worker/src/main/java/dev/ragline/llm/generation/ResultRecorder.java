package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.ragline.llm.backend.BackendRejectedException;
import dev.ragline.llm.backend.BackendFailedException;
import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.TraceIds;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.backend.DeadlineExpiredException;
import dev.ragline.llm.backend.QueryCancelledException;
import dev.ragline.llm.extractive.ExtractiveAnswerer;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.Update;

/**
 * Every result-document write of the LLM stage, in the order a query goes through them.
 * Backend calls are listed in {@code attempts} once each, whichever writer reports them
 * first.
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
		Instant now = now();
		// a record published straight to this topic, never seen by an earlier stage, has
		// no document yet
		return this.store.advance(query.id(), QueryStatus.GENERATING, now,
				() -> QueryResult.create(query.id(), query.query().question(), QueryStatus.GENERATING, now)
					.toBuilder()
					.traceId(TraceIds.current())
					.build());
	}

	/** The document as it stands, if there is one. */
	Optional<QueryResult> current(String id) {
		return this.store.find(id);
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
	 * REROUTED, with why and the calls made, once the record is safely on the fallback
	 * topic; written once (a duplicate delivery finds it written), and refused when the
	 * fallback already answered.
	 * @param known the document as this writer last saw it, or {@code null}
	 * @param question the question, for a document that does not exist yet
	 */
	Update rerouted(QueryResult known, String id, String question, FallbackReason reason, List<Attempt> calls) {
		Instant now = now();
		return update(known, id, (current) -> {
			if (current != null && current.status() == QueryStatus.REROUTED
					&& Objects.equals(reason, current.fallbackReason()) && current.attempts().containsAll(calls)) {
				return null;
			}
			return builder(current, id, question, now).status(QueryStatus.REROUTED, now)
				.fallbackReason(reason)
				.partialAnswer(null)
				.attemptsOnce(calls)
				.build();
		});
	}

	/**
	 * DONE with the answer and the passages it was generated from.
	 * @param known the document as this writer last saw it, or {@code null}
	 * @param reason why the primary backend was skipped, when it was
	 * @param calls every backend call for this answer: the primary's when rerouted, then
	 * this stage's, the answering one last
	 */
	Update answered(QueryResult known, RetrievedQuery query, List<Passage> sources, Completion completion,
			String backend, FallbackReason reason, List<Attempt> calls) {
		return answered(known, query, sources, completion, backend, reason, calls, null);
	}

	/**
	 * As the other {@code answered}, for a query an experiment sent to {@code backend}
	 * ({@code experiment}, e.g. {@code split}), which the document then says.
	 */
	Update answered(QueryResult known, RetrievedQuery query, List<Passage> sources, Completion completion,
			String backend, FallbackReason reason, List<Attempt> calls, String experiment) {
		return answered(known, query, sources, completion, backend, reason, null, calls, experiment);
	}

	/**
	 * DONE by the fallback. The primary records REROUTED after the broker's ack, so the
	 * fallback may answer first; then the answer records REROUTED too, at
	 * {@code reroutedAt} (when the primary published the query; not before GENERATING).
	 * @param reroutedAt when the query was rerouted, or {@code null} when not known
	 */
	Update answeredAfterReroute(QueryResult known, RetrievedQuery query, Completion completion, String backend,
			FallbackReason reason, Instant reroutedAt, List<Attempt> calls) {
		return answered(known, query, query.passages(), completion, backend, reason, reroutedAt, calls, null);
	}

	private Update answered(QueryResult known, RetrievedQuery query, List<Passage> sources, Completion completion,
			String backend, FallbackReason reason, Instant reroutedAt, List<Attempt> calls, String experiment) {
		Instant now = now();
		Update update = update(known, query.id(), (current) -> {
			QueryResult.Builder result = builder(current, query.id(), query.query().question(), now);
			if (reroutedAt != null) {
				result.status(QueryStatus.REROUTED, notBeforeGenerating(current, reroutedAt, now));
			}
			result.status(QueryStatus.DONE, now)
				.retrievedAt(query.retrievedAt())
				.answer(completion.text())
				.partialAnswer(null)
				.sources(sources)
				.backend(backend)
				.model(completion.model())
				.experiment(experiment)
				.attemptsOnce(calls);
			return (reason != null) ? result.fallbackReason(reason).build() : result.build();
		});
		if (update.applied()) {
			this.memory.remember(query, update.result());
		}
		return update;
	}

	/**
	 * DONE with the extractive answer: no LLM could answer.
	 * @param whyNoLlm what the answer says about that, e.g.
	 * {@link ExtractiveAnswerer#NO_LLM_CONFIGURED}
	 */
	Update answeredExtractively(QueryResult known, RetrievedQuery query, String whyNoLlm, FallbackReason reason,
			List<Attempt> calls) {
		return answeredExtractively(known, query, whyNoLlm, reason, null, calls);
	}

	/**
	 * As the other, by the fallback: {@code reroutedAt} as for
	 * {@link #answeredAfterReroute}.
	 */
	Update answeredExtractively(QueryResult known, RetrievedQuery query, String whyNoLlm, FallbackReason reason,
			Instant reroutedAt, List<Attempt> calls) {
		Completion completion = new Completion(ExtractiveAnswerer.answer(query, whyNoLlm), null);
		return answered(known, query, query.passages(), completion, Backends.EXTRACTIVE, reason, reroutedAt, calls,
				null);
	}

	/**
	 * {@code at}, moved into the span from the document's GENERATING to {@code now}: a
	 * record's timestamp has whole milliseconds.
	 */
	private static Instant notBeforeGenerating(QueryResult current, Instant at, Instant now) {
		Instant generating = (current != null) ? current.timestamps().get(QueryStatus.GENERATING) : null;
		Instant result = (generating != null && at.isBefore(generating)) ? generating : at;
		return result.isAfter(now) ? now : result;
	}

	/**
	 * Lists a failed Ollama call (refused or failed) among the query's attempts.
	 * @return the reason code of the failure, for metrics and logs
	 */
	String ollamaFailed(RetrievedQuery query, String model, RuntimeException failure, Instant start, Instant end) {
		String reason = (failure instanceof BackendFailedException failed) ? failed.reason()
				: ((BackendRejectedException) failure).reason();
		Integer status = (failure instanceof BackendFailedException failed) ? failed.httpStatus()
				: ((BackendRejectedException) failure).httpStatus();
		callFailed(query.id(), new Attempt(Backends.OLLAMA, model, Attempt.FAILED, reason, status,
				query.passages().size(), start, Duration.between(start, end).toMillis()));
		return reason;
	}

	/** A call that failed, listed while the record waits to be tried again. */
	Update callFailed(String id, Attempt call) {
		return this.store.update(id,
				(current) -> (current == null || current.status().isFinal() || current.attempts().contains(call)) ? null
						: current.toBuilder().attempt(call).build());
	}

	/** FAILED with the error and the calls made. */
	Update failed(String id, ErrorInfo error, List<Attempt> calls) {
		Instant now = now();
		return this.store.update(id,
				(current) -> builder(current, id, null, now).status(QueryStatus.FAILED, now)
					.error(error)
					.partialAnswer(null)
					.attemptsOnce(calls)
					.build());
	}

	/** FAILED because the deadline passed. */
	Update expired(String id, DeadlineExpiredException expired) {
		return failed(id, new ErrorInfo(ErrorInfo.EXPIRED, expired.getMessage()), expired.attempts());
	}

	private Update update(QueryResult known, String id, java.util.function.UnaryOperator<QueryResult> change) {
		return (known != null) ? this.store.update(known, change) : this.store.update(id, change);
	}

	private static QueryResult.Builder builder(QueryResult current, String id, String question, Instant now) {
		if (current != null) {
			return current.toBuilder();
		}
		// a record published straight to this topic, never seen by an earlier stage
		return QueryResult.create(id, question, QueryStatus.QUEUED, now).toBuilder();
	}

}
