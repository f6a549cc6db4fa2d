package dev.ragline.embedding;

import java.util.List;

/**
 * An embedder for tests that need no model (shared as this module's test jar): every
 * question is {1, 0}, every passage {0, 1}; or every question fails, as a model that is
 * gone would.
 */
public final class FixedEmbedder implements Embedder, AutoCloseable {

	private final RuntimeException questionFailure;

	private volatile boolean closed;

	public FixedEmbedder() {
		this(null);
	}

	/**
	 * @param questionFailure thrown for every question, or {@code null}
	 */
	public FixedEmbedder(RuntimeException questionFailure) {
		this.questionFailure = questionFailure;
	}

	public boolean closed() {
		return this.closed;
	}

	@Override
	public void close() {
		this.closed = true;
	}

	@Override
	public String name() {
		return "fixed";
	}

	@Override
	public int dimensions() {
		return 2;
	}

	@Override
	public float[] embedQuery(String question) {
		if (this.questionFailure != null) {
			throw this.questionFailure;
		}
		return new float[] { 1f, 0f };
	}

	@Override
	public List<float[]> embedPassages(List<String> passages) {
		return passages.stream().map((passage) -> new float[] { 0f, 1f }).toList();
	}

}
