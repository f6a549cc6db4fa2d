package dev.ragline.contracts;

/**
 * Values of the result document's {@code backend} field: which component wrote the
 * answer.
 */
public final class Backends {

	/** The primary LLM server (OpenAI-compatible vLLM). */
	public static final String VLLM = "vllm";

	/** The fallback LLM server. */
	public static final String OLLAMA = "ollama";

	/**
	 * No LLM: the answer quotes the best passages verbatim. Used when no backend is
	 * configured, so the pipeline works offline.
	 */
	public static final String EXTRACTIVE = "extractive";

	/**
	 * The answer cache: the same question was answered before (the document's
	 * {@code cachedFrom} names the query).
	 */
	public static final String CACHE = "cache";

	private Backends() {
	}

}
