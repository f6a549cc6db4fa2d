package dev.ragline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A question with the passages found for it: the value of a record on
 * {@link Topics#RETRIEVED} (and, when rerouted, {@link Topics#RETRIEVED_FALLBACK}).
 * Produced by the retriever; consumed by the LLM worker in its primary and fallback
 * roles.
 *
 * @param schemaVersion version of this message's shape; {@code 1} when absent
 * @param query the original question and its settings
 * @param passages the passages, best first; may be empty when nothing matched
 * @param retrievedAt when the retriever finished
 * @param corpusVersion the version of the document collection the passages were found in
 * (see the answer cache), or {@code null} when the producer did not say
 */
public record RetrievedQuery(int schemaVersion, QueryMessage query, List<Passage> passages, Instant retrievedAt,
		Long corpusVersion) {

	public static final int SCHEMA_VERSION = 1;

	public RetrievedQuery {
		schemaVersion = (schemaVersion > 0) ? schemaVersion : SCHEMA_VERSION;
		Objects.requireNonNull(query, "query");
		passages = (passages != null) ? List.copyOf(passages) : List.of();
		Objects.requireNonNull(retrievedAt, "retrievedAt");
	}

	public RetrievedQuery(QueryMessage query, List<Passage> passages, Instant retrievedAt) {
		this(SCHEMA_VERSION, query, passages, retrievedAt, null);
	}

	public RetrievedQuery(QueryMessage query, List<Passage> passages, Instant retrievedAt, long corpusVersion) {
		this(SCHEMA_VERSION, query, passages, retrievedAt, corpusVersion);
	}

	public String id() {
		return this.query.id();
	}

}
