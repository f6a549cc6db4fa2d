package dev.ragline.contracts;

/**
 * Default Kafka topic names of the pipeline. Every service lets a deployment rename them
 * ({@code ragline.topics.*}); these are the names outside programs can rely on when
 * nobody did.
 */
public final class Topics {

	/** Questions to answer: key = query id, value = {@link QueryMessage} JSON. */
	public static final String QUERIES = "ragline.queries";

	/**
	 * Questions with their passages: key = query id, value = {@link RetrievedQuery} JSON.
	 */
	public static final String RETRIEVED = "ragline.retrieved";

	/**
	 * Retrieved queries the primary LLM backend could not answer, with the reason in
	 * {@link RaglineHeaders}; consumed by the fallback (Ollama) role.
	 */
	public static final String RETRIEVED_FALLBACK = "ragline.retrieved.fallback";

	/** Records no stage could process: the original bytes plus reason headers. */
	public static final String DEAD = "ragline.dead";

	/**
	 * Documents to index: compacted, key = document id, value = document JSON or null.
	 */
	public static final String DOCUMENTS = "ragline.documents";

	private Topics() {
	}

}
