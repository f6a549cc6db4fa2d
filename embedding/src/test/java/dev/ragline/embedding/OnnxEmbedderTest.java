package dev.ragline.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * bge-small-en-v1.5 as the retriever runs it gives the vectors an independent
 * implementation gives for the same model file: Hugging Face's transformers.js (its own
 * tokenizer, CLS pooling, normalisation), recorded in
 * {@code bge-small-en-v1.5-reference.json}. Covers the query instruction, the [CLS]
 * pooling and truncation at 512 tokens.
 *
 * <p>
 * Both runs use the int8 model with dynamically quantized activations, on two ONNX
 * Runtime versions (1.20 here, 1.30 there): some inputs come out bit for bit equal,
 * others differ by a rounding that spreads (cosine 0.998 and more; 0.993 for a 512-token
 * input). A query embedded without the instruction is at 0.968, so the bound below tells
 * them apart.
 */
class OnnxEmbedderTest {

	private static final double SAME_INPUT = 0.995;

	/** Rounding differences add up over a long input. */
	private static final double SAME_LONG_INPUT = 0.99;

	private static OnnxEmbedder bge;

	private static List<float[]> reference;

	@BeforeAll
	static void load() throws IOException {
		bge = new OnnxEmbedder(EmbeddingModel.BGE_SMALL_EN_V15, 2);
		try (InputStream in = OnnxEmbedderTest.class.getResourceAsStream("/bge-small-en-v1.5-reference.json")) {
			reference = new ArrayList<>();
			for (JsonNode input : MessageJson.mapper().readTree(in).get("inputs")) {
				JsonNode values = input.get("vector");
				float[] vector = new float[values.size()];
				for (int i = 0; i < vector.length; i++) {
					vector[i] = (float) values.get(i).asDouble();
				}
				reference.add(vector);
			}
		}
	}

	@AfterAll
	static void close() {
		bge.close();
	}

	@Test
	void onnxRuntimeLoadsItsLibrariesFromTheSharedCopy() {
		// not a fresh 16 MB copy per process, which a killed process leaves in /tmp
		Path shared = Path.of(System.getProperty(OnnxRuntimeLibraries.NATIVE_PATH));
		assertThat(shared.getFileName().toString()).startsWith("ragline-onnxruntime-");
		assertThat(shared.resolve(System.mapLibraryName("onnxruntime"))).isRegularFile();
	}

	@Test
	void aQueryIsEmbeddedAfterTheModelCardsInstruction() {
		assertThat(EmbeddingModel.BGE_SMALL_EN_V15.queryInstruction())
			.isEqualTo("Represent this sentence for searching relevant passages: ");

		assertMatches(bge.embedQuery("What causes tuberculosis?"), reference.get(0), SAME_INPUT);
		assertThat(dot(bge.embedPassages(List.of("What causes tuberculosis?")).get(0), reference.get(0)))
			.as("the same words without the instruction")
			.isLessThan(SAME_INPUT);
	}

	@Test
	void passagesAreEmbeddedAsTheyAreWithTheClsTokensState() {
		List<float[]> vectors = bge.embedPassages(List.of(
				"Mycobacterium tuberculosis is the bacterium that causes tuberculosis, an infectious disease that "
						+ "mainly affects the lungs.",
				"The stock market closed higher on Friday after strong earnings reports.", "hello world"));

		for (int i = 0; i < vectors.size(); i++) {
			assertMatches(vectors.get(i), reference.get(i + 1), SAME_INPUT);
		}
	}

	@Test
	void aPassageLongerThan512TokensIsCutThere() {
		String cells = String.join(" ", java.util.Collections.nCopies(700, "cell"));

		assertMatches(bge.embedPassages(List.of(cells)).get(0), reference.get(4), SAME_LONG_INPUT);
	}

	@Test
	void aQueryIsCloserToThePassageThatAnswersItThanToAnUnrelatedOne() {
		float[] question = bge.embedQuery("What causes tuberculosis?");
		List<float[]> passages = bge.embedPassages(List.of(
				"Mycobacterium tuberculosis is the bacterium that causes tuberculosis, an infectious disease that "
						+ "mainly affects the lungs.",
				"The stock market closed higher on Friday after strong earnings reports."));

		assertThat(dot(question, passages.get(0))).isCloseTo(0.8293, within(0.005));
		assertThat(dot(question, passages.get(1))).isCloseTo(0.3451, within(0.005));
	}

	private static void assertMatches(float[] actual, float[] expected, double similarity) {
		assertThat(actual).hasSize(384);
		assertThat(dot(actual, actual)).isCloseTo(1.0, within(1e-5));
		assertThat(dot(actual, expected)).isGreaterThanOrEqualTo(similarity);
	}

	private static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

}
