package dev.ragline.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result document of one query: what clients poll by id, over HTTP ({@code GET
 * /api/queries/{id}}) or straight from Redis ({@code GET ragline:query:{id}}, a JSON
 * string). Every stage writes it through the result store; status only moves forward (see
 * {@link QueryStatus}).
 *
 * @param schemaVersion version of this document's shape
 * @param id the query id
 * @param status where the query is in its lifecycle
 * @param question the question as asked
 * @param answer the answer, once {@code DONE}
 * @param partialAnswer the answer as far as it has been generated, while a backend
 * streams it; {@code null} once {@code DONE}
 * @param sources the passages the answer is grounded in, best first
 * @param backend which backend answered ({@link Backends})
 * @param model the model that answered, as the backend named it
 * @param error why the query failed, once {@code FAILED}
 * @param fallbackReason why the fallback backend was asked, when it was
 * @param timestamps when each status was first reached
 * @param retrievedAt when the retriever finished choosing the passages (by its clock), in
 * an answered document: with {@code timestamps} it splits the time before generation into
 * the retrieval itself and the hops around it; {@code null} before {@code DONE} and in
 * documents written before this field existed
 * @param attempts every backend call made for this query, in order
 * @param cachedFrom when the answer came from the answer cache, the query it was first
 * given to
 * @param traceId the W3C trace id of the query's trace (every stage's spans and log lines
 * carry it), when the stage that created the document was traced
 * @param comparison a shadow call to the other backend and how its answer compares, added
 * to the final document when the experiment runs ({@link Comparison}), else {@code null}
 * @param experiment {@code split} when the split experiment had this query answered by
 * Ollama as its primary instead of vLLM, else {@code null}
 * @param version incremented by every write; used for compare-and-set
 * @param updatedAt time of the last write
 */
public record QueryResult(int schemaVersion, String id, QueryStatus status, String question, String answer,
		String partialAnswer, List<Passage> sources, String backend, String model, ErrorInfo error,
		FallbackReason fallbackReason, Map<QueryStatus, Instant> timestamps, Instant retrievedAt,
		List<Attempt> attempts, String cachedFrom, String traceId, Comparison comparison, String experiment,
		long version, Instant updatedAt) {

	public static final int SCHEMA_VERSION = 1;

	public QueryResult {
		schemaVersion = (schemaVersion > 0) ? schemaVersion : SCHEMA_VERSION;
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(status, "status");
		sources = (sources != null) ? List.copyOf(sources) : List.of();
		timestamps = (timestamps != null) ? Collections.unmodifiableMap(copyOf(timestamps)) : Map.of();
		attempts = (attempts != null) ? List.copyOf(attempts) : List.of();
	}

	/** A new document in {@code status}, reached at {@code now}. */
	public static QueryResult create(String id, String question, QueryStatus status, Instant now) {
		return new Builder(id, status).question(question).reached(status, now).updatedAt(now).build();
	}

	public Builder toBuilder() {
		return new Builder(this);
	}

	private static Map<QueryStatus, Instant> copyOf(Map<QueryStatus, Instant> timestamps) {
		return timestamps.isEmpty() ? new EnumMap<>(QueryStatus.class) : new EnumMap<>(timestamps);
	}

	/** Mutable copy of a document, for building the next version of it. */
	public static final class Builder {

		private final String id;

		private QueryStatus status;

		private String question;

		private String answer;

		private String partialAnswer;

		private List<Passage> sources = List.of();

		private String backend;

		private String model;

		private ErrorInfo error;

		private FallbackReason fallbackReason;

		private final Map<QueryStatus, Instant> timestamps = new EnumMap<>(QueryStatus.class);

		private Instant retrievedAt;

		private final List<Attempt> attempts = new ArrayList<>();

		private String cachedFrom;

		private String traceId;

		private Comparison comparison;

		private String experiment;

		private long version;

		private Instant updatedAt;

		private Builder(String id, QueryStatus status) {
			this.id = id;
			this.status = status;
		}

		private Builder(QueryResult result) {
			this.id = result.id;
			this.status = result.status;
			this.question = result.question;
			this.answer = result.answer;
			this.partialAnswer = result.partialAnswer;
			this.sources = result.sources;
			this.backend = result.backend;
			this.model = result.model;
			this.error = result.error;
			this.fallbackReason = result.fallbackReason;
			this.timestamps.putAll(result.timestamps);
			this.attempts.addAll(result.attempts);
			this.retrievedAt = result.retrievedAt;
			this.cachedFrom = result.cachedFrom;
			this.traceId = result.traceId;
			this.comparison = result.comparison;
			this.experiment = result.experiment;
			this.version = result.version;
			this.updatedAt = result.updatedAt;
		}

		/**
		 * Moves to {@code status}, recording {@code at} if the status is reached for the
		 * first time.
		 */
		public Builder status(QueryStatus status, Instant at) {
			this.status = status;
			return reached(status, at);
		}

		private Builder reached(QueryStatus status, Instant at) {
			this.timestamps.putIfAbsent(status, at);
			return this;
		}

		public Builder question(String question) {
			this.question = question;
			return this;
		}

		public Builder answer(String answer) {
			this.answer = answer;
			return this;
		}

		public Builder partialAnswer(String partialAnswer) {
			this.partialAnswer = partialAnswer;
			return this;
		}

		public Builder sources(List<Passage> sources) {
			this.sources = sources;
			return this;
		}

		public Builder backend(String backend) {
			this.backend = backend;
			return this;
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		public Builder error(ErrorInfo error) {
			this.error = error;
			return this;
		}

		public Builder fallbackReason(FallbackReason fallbackReason) {
			this.fallbackReason = fallbackReason;
			return this;
		}

		public Builder attempt(Attempt attempt) {
			this.attempts.add(attempt);
			return this;
		}

		/**
		 * Adds the {@code attempts} not listed yet: the same calls reported by two
		 * writers are listed once.
		 */
		public Builder attemptsOnce(List<Attempt> attempts) {
			for (Attempt attempt : attempts) {
				if (!this.attempts.contains(attempt)) {
					this.attempts.add(attempt);
				}
			}
			return this;
		}

		public Builder retrievedAt(Instant retrievedAt) {
			this.retrievedAt = retrievedAt;
			return this;
		}

		public Builder cachedFrom(String queryId) {
			this.cachedFrom = queryId;
			return this;
		}

		public Builder traceId(String traceId) {
			this.traceId = traceId;
			return this;
		}

		public Builder comparison(Comparison comparison) {
			this.comparison = comparison;
			return this;
		}

		public Builder experiment(String experiment) {
			this.experiment = experiment;
			return this;
		}

		public Builder version(long version) {
			this.version = version;
			return this;
		}

		public Builder updatedAt(Instant updatedAt) {
			this.updatedAt = updatedAt;
			return this;
		}

		public QueryResult build() {
			return new QueryResult(SCHEMA_VERSION, this.id, this.status, this.question, this.answer, this.partialAnswer,
					this.sources, this.backend, this.model, this.error, this.fallbackReason, this.timestamps,
					this.retrievedAt, this.attempts, this.cachedFrom, this.traceId, this.comparison, this.experiment,
					this.version, this.updatedAt);
		}

	}

}
