package dev.ragline.standalone;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.ragline.contracts.MessageJson;
import dev.ragline.retriever.query.SampleQuestions;

/**
 * {@code ragline cds-training}, which the {@code ./ragline} script runs once per build
 * and JDK under {@code -XX:ArchiveClassesAtExit} (JDK 17 to 24) or
 * {@code -XX:AOTCacheOutput} (JDK 25 on): it starts the standalone pipeline on free ports
 * with its own Kafka and Redis and no LLM, answers {@value #QUESTIONS} different
 * questions end to end, {@value #RATE} a second, and stops. The JVM then writes every
 * class it loaded (and on JDK 25 their linked state and the methods' execution profiles)
 * to an archive that later starts of any service map instead of loading and verifying
 * those classes again: that is most of what a start spends before Spring begins creating
 * beans. The profiles (JEP 515) let the JIT compile the hot path as soon as a service
 * runs it instead of first profiling it for thousands of queries; a few hundred queries
 * are what it takes for the profiles to cover it.
 */
final class ClassArchiveTraining {

	static final int QUESTIONS = 300;

	static final int RATE = 50;

	private static final Duration ANSWERS = Duration.ofSeconds(120);

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
			Map<String, Long> statuses = answer(standalone.apiUrl() + "/api/queries");
			out.printf("Class archive training: pipeline started, %d queries %s, in %.1f s%n", QUESTIONS, statuses,
					(System.nanoTime() - start) / 1e9);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Submits the questions at {@link #RATE} a second, then long-polls each to its end.
	 */
	private static Map<String, Long> answer(String api) throws InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		List<CompletableFuture<String>> statuses = new ArrayList<>();
		long pause = TimeUnit.SECONDS.toNanos(1) / RATE;
		long next = System.nanoTime();
		for (int n = 0; n < QUESTIONS; n++) {
			String question = SampleQuestions.numbered(n, "training");
			statuses
				.add(client
					.sendAsync(HttpRequest.newBuilder(URI.create(api))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"question\":" + MessageJson.toString(question) + "}"))
						.build(), HttpResponse.BodyHandlers.ofString())
					.thenCompose((submitted) -> awaitFinal(client, api, submitted)));
			next += pause;
			TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
		}
		try {
			CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
				.get(ANSWERS.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The training queries were not answered: " + ex.getMessage(), ex);
		}
		return statuses.stream()
			.collect(Collectors.groupingBy(CompletableFuture::join, TreeMap::new, Collectors.counting()));
	}

	private static CompletableFuture<String> awaitFinal(HttpClient client, String api, HttpResponse<String> submitted) {
		if (submitted.statusCode() != 202) {
			throw new IllegalStateException("A query was refused: " + submitted.statusCode() + " " + submitted.body());
		}
		String id = MessageJson.mapper().readTree(submitted.body()).path("id").asString();
		return client
			.sendAsync(
					HttpRequest.newBuilder(URI.create(api + "/" + id + "?wait=" + ANSWERS.toSeconds() + "s")).build(),
					HttpResponse.BodyHandlers.ofString())
			.thenApply((result) -> MessageJson.mapper().readTree(result.body()).path("status").asString());
	}

}
