package dev.ragline.standalone.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code ./ragline ask} prints of a query's documents, on which stream. */
class AskViewTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void endsWithTheRestOfTheAnswerItsSourcesAndTheReroute() {
		AskView view = view(false);
		view.progress(
				document("{\"id\": \"q\", \"status\": \"GENERATING\", \"partialAnswer\": \"Yes, vit\"}").result());
		String done = """
				{"id": "q", "status": "DONE", "answer": "Yes, vitamin D lowers PTH. [1]",
				 "sources": [{"documentId": "16256507", "title": "Serum PTH and vitamin D", "text": "...", "score": 12.15},
				             {"documentId": "4983", "title": "", "text": "...", "score": 9.5}],
				 "backend": "ollama", "model": "llama3.2",
				 "fallbackReason": {"code": "VLLM_MODEL_NOT_FOUND", "httpStatus": 404,
				                    "detail": "vLLM answered HTTP 404", "attempts": 1}}
				""";
		int status = view.end(document(done));
		assertThat(status).isZero();
		assertThat(text(this.out)).isEqualTo(String.format("Yes, vitamin D lowers PTH. [1]%nSources:%n"
				+ "[1] Serum PTH and vitamin D (score 12.15)%n[2] 4983 (score 9.50)%n"
				+ "Answered by ollama (llama3.2) after a reroute: VLLM_MODEL_NOT_FOUND: vLLM answered HTTP 404%n"));
		List<String> statuses = text(this.err).lines().toList();
		assertThat(statuses).hasSize(2);
		assertThat(statuses.get(0)).matches("GENERATING +\\d+ ms");
		assertThat(statuses.get(1)).matches("DONE +\\d+ ms");
	}

	@Test
	void failedPrintsTheErrorOnStderrAndExitsWithOne() {
		int status = view(false).end(document("""
				{"id": "q", "status": "FAILED",
				 "error": {"code": "FALLBACK_FAILED", "message": "Ollama: model not found; vLLM: timeout"}}
				"""));
		assertThat(status).isEqualTo(1);
		assertThat(text(this.out)).isEmpty();
		assertThat(text(this.err))
			.endsWith(String.format("ragline: FALLBACK_FAILED: Ollama: model not found; vLLM: timeout%n"));
	}

	@Test
	void jsonPrintsOnlyTheFinalDocumentOnStdout() {
		AskView view = view(true);
		view.progress(document("{\"id\": \"q\", \"status\": \"GENERATING\", \"partialAnswer\": \"Yes\"}").result());
		String done = "{\"id\": \"q\", \"status\": \"DONE\", \"answer\": \"Yes.\", \"backend\": \"vllm\"}";
		assertThat(view.end(document(done))).isZero();
		assertThat(MessageJson.mapper().readTree(text(this.out))).isEqualTo(MessageJson.mapper().readTree(done));
		assertThat(text(this.out)).contains(String.format("%n  \"answer\" : \"Yes.\""));
	}

	private AskView view(boolean json) {
		return new AskView(new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8), json, System.nanoTime());
	}

	private static ResultDocument document(String json) {
		return ResultDocument.parse(json);
	}

	private static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
