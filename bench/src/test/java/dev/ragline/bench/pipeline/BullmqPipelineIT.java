package dev.ragline.bench.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.testsupport.FakeVllm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Node + BullMQ baseline that {@code bench pipeline --with-bullmq} measures ragline
 * against answers over ragline's HTTP API with ragline's result document, so that both
 * are measured alike. Skipped where there is no Node.js.
 */
class BullmqPipelineIT {

	private static final Path BASELINE = Path.of("bullmq-baseline");

	private static final Path CORPUS = Path
		.of("../retriever-worker/src/main/resources/sample-corpus/scifact-sample.jsonl");

	private static FakeVllm vllm;

	private static BullmqPipeline pipeline;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTheBaseline() throws IOException, InterruptedException {
		assumeThat(runs("node", "--version") && runs("npm", "--version"))
			.as("Node.js and npm on the PATH (the baseline is a Node program)")
			.isTrue();
		vllm = FakeVllm.start("served-model");
		pipeline = BullmqPipeline.start(BASELINE, CORPUS, vllm.baseUrl(), "served-model");
	}

	@AfterAll
	static void stopTheBaseline() {
		if (pipeline != null) {
			pipeline.close();
		}
		if (vllm != null) {
			vllm.close();
		}
	}

	@Test
	void answersAQueryWithRaglinesDocumentSoBothPipelinesAreMeasuredAlike() throws Exception {
		HttpResponse<String> accepted = post("{\"question\":\"Does vitamin D deficiency matter?\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = MessageJson.tree(accepted.body().getBytes(StandardCharsets.UTF_8)).get("id").asString();

		HttpResponse<String> polled = this.http.send(
				HttpRequest.newBuilder(URI.create(pipeline.apiUrl() + "/api/queries/" + id + "?wait=10s")).build(),
				HttpResponse.BodyHandlers.ofString());
		QueryResult result = MessageJson.read(polled.body(), QueryResult.class);

		assertThat(result.status()).isEqualTo(QueryStatus.DONE);
		assertThat(result.timestamps()).containsKeys(QueryStatus.QUEUED, QueryStatus.RETRIEVING, QueryStatus.GENERATING,
				QueryStatus.DONE);
		assertThat(result.timestamps().get(QueryStatus.QUEUED)).isBefore(result.retrievedAt());
		assertThat(result.retrievedAt()).isBefore(result.timestamps().get(QueryStatus.DONE));
		assertThat(result.sources()).hasSize(4);
		assertThat(result.answer()).isNotBlank();
		List<Attempt> attempts = result.attempts();
		assertThat(attempts).singleElement().satisfies((call) -> {
			assertThat(call.outcome()).isEqualTo(Attempt.ANSWERED);
			assertThat(call.httpStatus()).isEqualTo(200);
			assertThat(call.startedAt()).isAfter(result.timestamps().get(QueryStatus.GENERATING));
		});
		// the prompt has ragline's size: four passages of up to 400 words
		assertThat(vllm.generationRequests()).singleElement()
			.satisfies((request) -> assertThat(request.body().length()).isGreaterThan(4_000));
	}

	@Test
	void refusesABodyWithoutAQuestion() throws Exception {
		HttpResponse<String> refused = post("{\"text\":\"no question\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("question");
	}

	private HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(pipeline.apiUrl() + "/api/queries"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static boolean runs(String... command) throws InterruptedException {
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start()
				.waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
