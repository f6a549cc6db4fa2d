package dev.ragline.retriever.index;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.ragline.embedding.BackgroundLoadedEmbedder;
import dev.ragline.retriever.RetrieverProperties;

/**
 * The model of the retrieval mode, loading on a thread of its own, or none for BM25
 * alone; closed once, whoever closes it first.
 */
final class EmbeddingModelLoad implements AutoCloseable {

	private final BackgroundLoadedEmbedder embedder;

	private final AtomicBoolean closed = new AtomicBoolean();

	private EmbeddingModelLoad(BackgroundLoadedEmbedder embedder) {
		this.embedder = embedder;
	}

	/** Starts loading the model {@code properties} name, when their mode needs one. */
	static EmbeddingModelLoad start(RetrieverProperties properties) {
		return new EmbeddingModelLoad(properties.mode().needsEmbeddings()
				? BackgroundLoadedEmbedder.start(properties.embeddingModel(), properties.embeddingThreads()) : null);
	}

	/** The model, {@code null} when the mode needs none. */
	BackgroundLoadedEmbedder embedder() {
		return this.embedder;
	}

	/** Waits for a load under way, then releases the model. */
	@Override
	public void close() throws Exception {
		if (this.closed.compareAndSet(false, true) && this.embedder != null) {
			this.embedder.close();
		}
	}

	boolean isClosed() {
		return this.closed.get();
	}

}
