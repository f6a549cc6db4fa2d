package dev.ragline.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.ragline.contracts.MessageJson;
import tools.jackson.databind.JsonNode;

/**
 * {@code ragline cds-training}, which the {@code ./ragline} script runs once per build
 * and JDK under {@code -XX:ArchiveClassesAtExit} (JDK 17 to 24) or
 * {@code -XX:AOTCacheOutput} (JDK 25 on): it starts the standalone pipeline on free ports
 * with its own Kafka and Redis and no LLM, answers one question end to end and stops. The
 * JVM then writes every class it loaded (and on JDK 25 their linked state) to an archive
 * that later starts of any service map instead of loading and verifying those classes
 * again: that is most of what a start spends before Spring begins creating beans.
 */
final class ClassArchiveTraining {

	private static final Duration ANSWER = Duration.ofSeconds(60);

	private static final String QUESTION = "{\"question\":\"Does vitamin D deficiency affect parathyroid hormone?\"}";

	private ClassArchiveTraining() {
	}

	/**
	 * Runs the training.
	 * @throws IllegalStateException when the pipeline does not start or answer
	 */
	static void run(PrintStream out) {
		long start = System.nanoTime();
		try (StandaloneLauncher standalone = StandaloneLauncher.start(StandaloneOptions.onFreePorts(),
				"--ragline.vllm.base-url=", "--ragline.ollama.base-url=")) {
			String status = answerOne(standalone.apiUrl() + "/api/queries");
			out.printf("Class archive training: pipeline started, one query %s, in %.1f s%n", status,
					(System.nanoTime() - start) / 1e9);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The training query failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static String answerOne(String api) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> submitted = client.send(HttpRequest.newBuilder(URI.create(api))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(QUESTION))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (submitted.statusCode() != 202) {
			throw new IllegalStateException(
					"The query was refused: " + submitted.statusCode() + " " + submitted.body());
		}
		String id = MessageJson.mapper().readTree(submitted.body()).path("id").asString();
		long deadline = System.nanoTime() + ANSWER.toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> result = client.send(HttpRequest.newBuilder(URI.create(api + "/" + id)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode json = MessageJson.mapper().readTree(result.body());
			String status = json.path("status").asString();
			if ("DONE".equals(status) || "FAILED".equals(status)) {
				return status;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("The query was not answered within " + ANSWER);
	}

}
