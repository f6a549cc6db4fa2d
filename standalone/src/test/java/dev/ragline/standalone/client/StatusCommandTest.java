package dev.ragline.standalone.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.ragline.contracts.MessageJson;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.ragline.standalone.client.AskCommandTest.closedPort;
import static dev.ragline.standalone.client.AskCommandTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./ragline status} against a fake query-ingest on the wire. */
class StatusCommandTest {

	private static final String PIPELINE = """
			{"generatedAt": "2026-12-02T14:40:00Z", "groups": [], "workers": [], "reroutesLastMinute": {},
			 "cache": {"lookups": 0, "hits": 0, "hitRate": null}, "problems": []}
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
	void printsThePipelineAsTablesWithTheApiKeyGiven() throws InterruptedException {
		this.server.enqueue(pipeline());
		assertThat(run("--url=" + url(), "--api-key=key-two")).isZero();
		assertThat(text(this.out)).startsWith("Pipeline at 2026-12-02T14:40:00Z\n\nConsumer groups: none\n");
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getRequestLine()).isEqualTo("GET /api/pipeline HTTP/1.1");
		assertThat(request.getHeaders().get("X-API-Key")).isEqualTo("key-two");
	}

	@Test
	void jsonPrintsThePipelineAsReceived() {
		this.server.enqueue(pipeline());
		assertThat(run("--url=" + url(), "--json")).isZero();
		assertThat(MessageJson.mapper().readTree(text(this.out))).isEqualTo(MessageJson.mapper().readTree(PIPELINE));
	}

	@Test
	void saysHowToStartAQueryIngestWhenNoneAnswers() throws IOException {
		String url = "http://127.0.0.1:" + closedPort();
		assertThat(run("--url=" + url)).isEqualTo(1);
		assertThat(text(this.err)).isEqualTo(
				String.format("ragline: no query-ingest at %s (start ./ragline standalone, or pass --url=)%n", url));
	}

	@Test
	void anUnknownOptionIsSaidInOneLineWithWhereTheHelpIsAndWhatWasMeant() {
		assertThat(run("--wach")).isEqualTo(2);
		assertThat(text(this.err)).isEqualTo(String.format(
				"ragline status: Unknown option: '--wach'; see ./ragline status --help%n  did you mean --watch?%n"));
	}

	@Test
	void helpNamesEveryOption() {
		assertThat(run("--help")).isZero();
		assertThat(text(this.out)).startsWith("Usage: ./ragline status [options]")
			.contains("--url=URL", "--api-key=KEY", "--json", "--watch", "-h, --help");
	}

	private int run(String... args) {
		return StatusCommand.run(args, Map.of(), new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	private static MockResponse pipeline() {
		return new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.body(PIPELINE)
			.build();
	}

}
