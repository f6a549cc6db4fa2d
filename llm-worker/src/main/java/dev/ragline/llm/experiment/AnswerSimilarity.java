package dev.ragline.llm.experiment;

import java.util.List;

import dev.ragline.embedding.EmbeddingModel;
import dev.ragline.embedding.OnnxEmbedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How alike two answers are in meaning: the cosine of their embeddings by the retriever's
 * embedding model (both embedded as passages, so without a query instruction; each cut at
 * the model's input limit). The model is loaded in the background when a shadow
 * experiment starts, so a worker that runs none never holds it, and no shadow waits for
 * it: comparisons made while it loads, or when it cannot be loaded (logged once), have no
 * similarity ({@code null}).
 */
public class AnswerSimilarity implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(AnswerSimilarity.class);

	private final EmbeddingModel model;

	private volatile OnnxEmbedder embedder;

	private boolean loading;

	private boolean closed;

	public AnswerSimilarity(EmbeddingModel model) {
		this.model = model;
	}

	/**
	 * The cosine similarity of the two answers' embeddings (1 for the same meaning), or
	 * {@code null} when either is empty or the model is not loaded.
	 */
	public Double between(String first, String second) {
		OnnxEmbedder loaded = this.embedder;
		if (loaded == null) {
			loadInBackground();
			return null;
		}
		if (first == null || first.isBlank() || second == null || second.isBlank()) {
			return null;
		}
		List<float[]> vectors = loaded.embedPassages(List.of(first, second));
		double dot = 0;
		for (int i = 0; i < vectors.get(0).length; i++) {
			dot += vectors.get(0)[i] * vectors.get(1)[i];
		}
		return Math.max(-1, Math.min(1, dot));
	}

	/** Whether the model is loaded. */
	public boolean loaded() {
		return this.embedder != null;
	}

	/**
	 * Starts loading the model on a thread of its own, unless it is loaded or loading.
	 */
	public synchronized void loadInBackground() {
		if (this.embedder != null || this.loading || this.closed) {
			return;
		}
		this.loading = true;
		Thread loader = new Thread(this::load, "answer-similarity-load");
		loader.setDaemon(true);
		loader.start();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.embedder != null) {
			this.embedder.close();
			this.embedder = null;
		}
	}

	private void load() {
		OnnxEmbedder loaded;
		try {
			loaded = new OnnxEmbedder(this.model, 2);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.warn("Shadow answers are compared without their similarity: {} could not be loaded: {}", this.model,
					ex.getMessage());
			return;
		}
		synchronized (this) {
			if (this.closed) {
				loaded.close();
				return;
			}
			this.embedder = loaded;
		}
		logger.info("Loaded {} to compare shadow answers with their primaries", this.model);
	}

}
