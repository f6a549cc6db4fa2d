package dev.ragline.embedding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * An {@link EmbeddingModel} in this process: ONNX Runtime runs the model, Hugging Face's
 * tokenizer (through DJL) prepares its input, both from the model's LangChain4j
 * embeddings jar. An input is tokenized once, with the special tokens, cut at the model's
 * own limit (whatever the tokenizer file says) and not padded, so a short question costs
 * a short run; the last hidden states are pooled as the model card says ([CLS] or the
 * mean) and scaled to unit length. Queries get the model's instruction. Each ONNX session
 * run uses one thread; throughput comes from embedding several texts at once.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

	private final EmbeddingModel choice;

	private final OrtEnvironment environment;

	private final OrtSession session;

	private final boolean takesTokenTypes;

	private final HuggingFaceTokenizer tokenizer;

	private final ExecutorService threads;

	public OnnxEmbedder(EmbeddingModel choice, int threads) {
		this.choice = choice;
		OnnxRuntimeLibraries.useSharedCopy();
		try {
			this.environment = OrtEnvironment.getEnvironment();
			OrtSession.SessionOptions options = new OrtSession.SessionOptions();
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			this.session = this.environment.createSession(resource(choice.modelResource()), options);
			this.takesTokenTypes = this.session.getInputNames().contains("token_type_ids");
			this.tokenizer = HuggingFaceTokenizer
				.newInstance(new ByteArrayInputStream(resource(choice.tokenizerResource())), tokenizerOptions(choice));
		}
		catch (OrtException | IOException ex) {
			throw new IllegalStateException("Cannot load " + choice, ex);
		}
		this.threads = Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "embedder");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public String name() {
		return nameOf(this.choice);
	}

	/** The {@link #name} of an embedder of {@code model}. */
	static String nameOf(EmbeddingModel model) {
		return model.name() + "/" + model.maxTokens();
	}

	@Override
	public int dimensions() {
		return this.choice.dimensions();
	}

	@Override
	public float[] embedQuery(String question) {
		return embed(this.choice.queryInstruction() + question);
	}

	@Override
	public List<float[]> embedPassages(List<String> passages) {
		if (passages.size() == 1) {
			return List.of(embed(passages.get(0)));
		}
		List<Future<float[]>> running = new ArrayList<>(passages.size());
		for (String passage : passages) {
			running.add(this.threads.submit(() -> embed(passage)));
		}
		List<float[]> vectors = new ArrayList<>(passages.size());
		try {
			for (Future<float[]> vector : running) {
				vectors.add(vector.get());
			}
		}
		catch (InterruptedException ex) {
			running.forEach((vector) -> vector.cancel(true));
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while embedding", ex);
		}
		catch (ExecutionException ex) {
			running.forEach((vector) -> vector.cancel(true));
			throw new IllegalStateException("Embedding failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		return vectors;
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
		this.tokenizer.close();
		try {
			this.session.close();
		}
		catch (OrtException ex) {
			// the process is ending anyway
		}
	}

	private float[] embed(String text) {
		Encoding encoding = this.tokenizer.encode(text);
		long[] shape = { 1, encoding.getIds().length };
		try (OnnxTensor ids = tensor(encoding.getIds(), shape);
				OnnxTensor mask = tensor(encoding.getAttentionMask(), shape);
				OnnxTensor types = tensor(encoding.getTypeIds(), shape)) {
			Map<String, OnnxTensor> inputs = this.takesTokenTypes
					? Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types)
					: Map.of("input_ids", ids, "attention_mask", mask);
			try (OrtSession.Result result = this.session.run(inputs)) {
				float[][] states = ((float[][][]) result.get(0).getValue())[0];
				return normalized(pool(states));
			}
		}
		catch (OrtException ex) {
			throw new IllegalStateException(this.choice + " failed on an input of " + shape[1] + " tokens", ex);
		}
	}

	private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
		return OnnxTensor.createTensor(this.environment, LongBuffer.wrap(values), shape);
	}

	/** One vector for the input; nothing is padded, so every token counts. */
	private float[] pool(float[][] states) {
		if (this.choice.pooling() == EmbeddingModel.Pooling.CLS) {
			return states[0].clone();
		}
		float[] mean = new float[states[0].length];
		for (float[] state : states) {
			for (int i = 0; i < mean.length; i++) {
				mean[i] += state[i];
			}
		}
		for (int i = 0; i < mean.length; i++) {
			mean[i] /= states.length;
		}
		return mean;
	}

	private static float[] normalized(float[] vector) {
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
	 * Truncation at the model's limit, whatever the shipped file says (MiniLM's says
	 * 128), and no padding. Given as options, the file goes to the tokenizer as it is:
	 * parsed and rewritten here (700 KB of JSON) it cost each start about 0.3 s of CPU.
	 */
	private static Map<String, String> tokenizerOptions(EmbeddingModel choice) {
		return Map.of("truncation", "true", "maxLength", Integer.toString(choice.maxTokens()), "padding", "false");
	}

	private byte[] resource(String name) {
		try (InputStream in = OnnxEmbedder.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException(name + " is not on the classpath (" + this.choice.artifact() + ")");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
