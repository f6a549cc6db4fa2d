package dev.ragline.standalone.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ragline.contracts.MessageJson;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./ragline ask} against a fake query-ingest on the wire: what it sends, how it
 * follows a query, what it prints and how it ends.
 */
class AskCommandTest {

	private static final String DONE = """
			{"id": "q-1", "status": "DONE", "answer": "Yes, vitamin D lowers PTH. [1]",
			 "sources": [{"documentId": "d1", "title": "Vitamin D and PTH", "text": "...", "score": 12.15}],
			 "backend": "vllm", "model": "qwen2.5-1.5b-instruct"}
			""";

	private final MockWebServer server = new MockWebServer();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void start() throws IOException {
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void followsTheEventStreamThenLongPollsWhenItEndsBeforeTheAnswer() throws InterruptedException {
		this.server.enqueue(json(202, "{\"id\": \"q-1\", \"status\": \"QUEUED\"}"));
		this.server.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "text/event-stream")
			.body(event(1, "RETRIEVING", null) + event(2, "GENERATING", "Yes, vit")
					+ event(3, "GENERATING", "Yes, vitamin D"))
			.build());
		this.server.enqueue(json(200, DONE));
		int status = run("Does vitamin D lower PTH?", "--url=" + url(), "--top-k=3", "--no-cache");
		assertThat(status).isZero();
		assertThat(text(this.out))
			.isEqualTo(String.format("Yes, vitamin D lowers PTH. [1]%nSources:%n[1] Vitamin D and PTH (score 12.15)%n"
					+ "Answered by vllm (qwen2.5-1.5b-instruct)%n"));
		assertThat(text(this.err).lines().map((line) -> line.split(" +")[0])).containsExactly("RETRIEVING",
				"GENERATING", "DONE");
		RecordedRequest submit = this.server.takeRequest();
		assertThat(submit.getRequestLine()).isEqualTo("POST /api/queries HTTP/1.1");
		assertThat(submit.getHeaders().get("X-API-Key")).isEqualTo("key-one");
		assertThat(MessageJson.mapper().readTree(submit.getBody().utf8())).isEqualTo(MessageJson.mapper()
			.readTree("{\"question\": \"Does vitamin D lower PTH?\", \"topK\": 3, \"cache\": false}"));
		assertThat(this.server.takeRequest().getTarget()).isEqualTo("/api/queries/q-1/events");
		assertThat(this.server.takeRequest().getTarget()).isEqualTo("/api/queries/q-1?wait=10000ms");
	}

	@Test
	void anAnswerFromTheCacheIsPrintedAtOnce() {
		this.server.enqueue(json(200, DONE));
		assertThat(run("Does vitamin D lower PTH?", "--url=" + url())).isZero();
		assertThat(text(this.out)).startsWith(String.format("Yes, vitamin D lowers PTH. [1]%nSources:%n"));
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void aRefusalPrintsItsStatusAndTheProblemsDetail() {
		this.server.enqueue(new MockResponse.Builder().code(400)
			.setHeader("Content-Type", "application/problem+json")
			.body("{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400,"
					+ " \"detail\": \"topK must be between 1 and 50\", \"field\": \"topK\"}")
			.build());
		assertThat(run("Does vitamin D lower PTH?", "--url=" + url(), "--top-k=99")).isEqualTo(1);
		assertThat(text(this.err)).isEqualTo(String.format("ragline: 400 topK must be between 1 and 50%n"));
		assertThat(text(this.out)).isEmpty();
	}

	@Test
	void saysHowToStartAQueryIngestWhenNoneAnswers() throws IOException {
		String url = "http://127.0.0.1:" + closedPort();
		assertThat(run("Does vitamin D lower PTH?", "--url=" + url)).isEqualTo(1);
		assertThat(text(this.err)).isEqualTo(
				String.format("ragline: no query-ingest at %s (start ./ragline standalone, or pass --url=)%n", url));
	}

	@Test
	void aMistakeInTheOptionsIsSaidInOneLineWithWhereTheHelpIs() {
		assertThat(run("Does vitamin D lower PTH?", "--top-k=many")).isEqualTo(2);
		assertThat(text(this.err)).isEqualTo(String.format(
				"ragline ask: Invalid value for option '--top-k': 'many' is not an int; see ./ragline ask --help%n"));
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void takesOptionsWithAnEqualsSignOrASpaceAndTheQuestionInSeveralWords() throws InterruptedException {
		this.server.enqueue(new MockResponse.Builder().code(400)
			.setHeader("Content-Type", "application/problem+json")
			.body("{\"status\": 400, \"detail\": \"refused\"}")
			.build());
		assertThat(run("--url", url(), "Does", "vitamin", "D", "lower", "PTH?", "--top-k", "3", "--no-cache"))
			.isEqualTo(1);
		assertThat(this.server.takeRequest().getBody().utf8())
			.isEqualTo("{\"question\":\"Does vitamin D lower PTH?\",\"topK\":3,\"cache\":false}");
	}

	@Test
	void aQuestionIsRequired() {
		assertThat(run("--url=" + url())).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline ask: Missing required parameter: 'QUESTION'");
	}

	private int run(String... args) {
		return AskCommand.run(args, Map.of(QueryIngestClient.API_KEY_ENV, "key-one"),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	private static String event(long version, String status, String partialAnswer) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("id", "q-1");
		document.put("status", status);
		document.put("partialAnswer", partialAnswer);
		document.put("version", version);
		return "event:result\nid:" + version + "\ndata:" + MessageJson.toString(document) + "\n\n";
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
	}

	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
