package dev.ragline.embedding;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OnnxEmbedder} whose model loads on a thread of its own (about a second for
 * bge-small), so the rest of the retriever starts on the other core meanwhile. Its name
 * and dimensions are known at once; {@link #awaitLoaded} and every embedding wait for the
 * load, and fail as it did. {@link #close} waits for a load under way before it releases
 * the model: a JVM that exits while ONNX Runtime is still creating its session crashes in
 * native code (a start that fails early, say on an unreachable Redis, would end in a
 * SIGSEGV instead of its one line).
 */
public final class BackgroundLoadedEmbedder implements Embedder, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BackgroundLoadedEmbedder.class);

	private final EmbeddingModel model;

	private final CompletableFuture<Embedder> loading = new CompletableFuture<>();

	private BackgroundLoadedEmbedder(EmbeddingModel model) {
		this.model = model;
	}

	/** Starts loading {@code model}, to embed with {@code threads} threads. */
	public static BackgroundLoadedEmbedder start(EmbeddingModel model, int threads) {
		return start(model, () -> new OnnxEmbedder(model, threads));
	}

	/** Starts {@code load}, which makes the embedder of {@code model}. */
	static BackgroundLoadedEmbedder start(EmbeddingModel model, Supplier<Embedder> load) {
		BackgroundLoadedEmbedder embedder = new BackgroundLoadedEmbedder(model);
		Thread thread = new Thread(() -> embedder.load(load), "embedding-model-load");
		thread.setDaemon(true);
		thread.start();
		return embedder;
	}

	private void load(Supplier<Embedder> load) {
		long start = System.nanoTime();
		try {
			Embedder loaded = load.get();
			logger.info("Loaded {} (inputs up to {} tokens) in {} ms", this.model, this.model.maxTokens(),
					(System.nanoTime() - start) / 1_000_000);
			this.loading.complete(loaded);
		}
		catch (RuntimeException | Error ex) {
			this.loading.completeExceptionally(ex);
		}
	}

	@Override
	public String name() {
		return OnnxEmbedder.nameOf(this.model);
	}

	@Override
	public int dimensions() {
		return this.model.dimensions();
	}

	@Override
	public void awaitLoaded() {
		loaded();
	}

	@Override
	public float[] embedQuery(String question) {
		return loaded().embedQuery(question);
	}

	@Override
	public List<float[]> embedPassages(List<String> passages) {
		return loaded().embedPassages(passages);
	}

	/** Waits for the load to end, then releases the model (when it loaded). */
	@Override
	public void close() throws Exception {
		Embedder loaded;
		try {
			loaded = this.loading.join();
		}
		catch (CompletionException ex) {
			return;
		}
		if (loaded instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	private Embedder loaded() {
		try {
			return this.loading.join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("Cannot embed: loading " + this.model + " failed: " + ex.getCause(),
					ex.getCause());
		}
	}

}
