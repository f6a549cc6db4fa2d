package dev.ragline.bench.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.contracts.MessageJson;
import tools.jackson.databind.JsonNode;

/**
 * A client submitting questions to the HTTP API at a steady rate, each with a token of
 * its own in the question, so that a backend request (whose prompt holds the question)
 * tells which submission it serves. Every answer is kept: the status, and the id the body
 * names (also a 503's, which names the query it refused).
 */
final class Submissions {

	private static final Pattern TOKEN = Pattern.compile("chaos-\\d+-[0-9a-f]{8}");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** What the API answered to one submission; status {@code -1}: no answer at all. */
	record Submission(String token, long sentAt, int status, String id, String failure) {

		boolean accepted() {
			return this.status == 202;
		}

		boolean answered() {
			return this.status > 0;
		}

	}

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI api;

	private final List<CompletableFuture<Submission>> sent = new ArrayList<>();

	Submissions(String apiUrl) {
		this.api = URI.create(apiUrl + "/api/queries");
	}

	/** The token a backend request carries, or {@code null}. */
	static String tokenIn(String requestBody) {
		Matcher matcher = TOKEN.matcher(requestBody);
		return matcher.find() ? matcher.group() : null;
	}

	/**
	 * Sends {@code count} submissions, {@code perSecond} a second, evenly; returns once
	 * the last was sent (answers may still be coming).
	 */
	void send(int count, int perSecond) throws InterruptedException {
		long pause = 1_000_000_000L / perSecond;
		long next = System.nanoTime();
		for (int i = 0; i < count; i++) {
			String token = String.format(Locale.ROOT, "chaos-%d-%08x", i, ThreadLocalRandom.current().nextInt());
			this.sent.add(submit(token));
			next += pause;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
		}
	}

	/** Every submission with its answer, once all have one. */
	List<Submission> all() {
		return this.sent.stream().map(CompletableFuture::join).toList();
	}

	private CompletableFuture<Submission> submit(String token) {
		String body = "{\"question\":\"Does vitamin D deficiency affect bone density? (" + token + ")\"}";
		HttpRequest request = HttpRequest.newBuilder(this.api)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		long sentAt = System.nanoTime();
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.thenApply((response) -> new Submission(token, sentAt, response.statusCode(), idIn(response.body()),
					(response.statusCode() == 202) ? null : response.body()))
			.exceptionally((ex) -> new Submission(token, sentAt, -1, null, String.valueOf(ex.getCause())));
	}

	private static String idIn(String body) {
		try {
			JsonNode id = MessageJson.mapper().readTree(body).path("id");
			return id.isString() ? id.asString() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
