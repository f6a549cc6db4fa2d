package dev.ragline.bench.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.retriever.query.SampleQuestions;

/**
 * Questions submitted over the HTTP API at a fixed rate whatever the answers do (open
 * loop), each one unique so no answer comes from the cache, and each followed by long
 * polls until its result is final. Every query's times are kept: when it was submitted,
 * when the 202 came, when the final document was seen, and that document.
 */
final class OpenLoopLoad implements AutoCloseable {

	private static final Duration LONG_POLL = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.executor(Executors.newFixedThreadPool(8))
		.build();

	private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

	private final String apiUrl;

	// kept small: this JVM shares the two cores with the pipeline it measures, and its
	// own GC pauses would show as the pipeline's latency
	private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

	private final Queue<Long> submissions = new ConcurrentLinkedQueue<>();

	private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicInteger sequence = new AtomicInteger();

	private final String run = Long.toString(System.currentTimeMillis(), 36);

	private final AtomicReference<String> firstFailure = new AtomicReference<>();

	/**
	 * @param baseUrl the HTTP API's base, e.g. {@code http://127.0.0.1:8080}
	 */
	OpenLoopLoad(String baseUrl) {
		this.apiUrl = baseUrl + "/api/queries";
	}

	/**
	 * One query's times, in {@link System#nanoTime()} and wall clock.
	 *
	 * @param submitNanos when the POST started
	 * @param acceptedNanos when its 202 arrived
	 * @param seenNanos when the final document arrived
	 * @param seenAt the wall clock when the final document arrived, to set next to the
	 * document's own timestamps
	 * @param result the final document, without its answer and passages
	 */
	record Sample(long submitNanos, long acceptedNanos, long seenNanos, Instant seenAt, QueryResult result) {

		double endToEndMillis() {
			return (this.seenNanos - this.submitNanos) / 1e6;
		}

		double submitMillis() {
			return (this.acceptedNanos - this.submitNanos) / 1e6;
		}

	}

	/** Submits {@code perSecond} queries a second until {@link #stop()}. */
	void start(int perSecond) {
		long period = 1_000_000_000L / perSecond;
		this.ticks.scheduleAtFixedRate(this::submitOne, 0, period, TimeUnit.NANOSECONDS);
	}

	/** Stops submitting and waits for the queries in flight to finish. */
	void stop(Duration timeout) throws InterruptedException {
		this.ticks.shutdown();
		this.ticks.awaitTermination(5, TimeUnit.SECONDS);
		try {
			CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			// counted as failures
		}
	}

	List<Sample> samples() {
		return List.copyOf(this.samples);
	}

	/** How many queries were submitted from {@code fromNanos} until {@code toNanos}. */
	int submittedBetween(long fromNanos, long toNanos) {
		return (int) this.submissions.stream().filter((at) -> at >= fromNanos && at < toNanos).count();
	}

	int failures() {
		return this.failures.get();
	}

	/** Why the first query that failed did, or {@code null}. */
	String firstFailure() {
		return this.firstFailure.get();
	}

	private void submitOne() {
		int n = this.sequence.incrementAndGet();
		String question = SampleQuestions.numbered(n, "bench " + this.run);
		String body = "{\"question\":" + MessageJson.toString(question) + "}";
		HttpRequest post = HttpRequest.newBuilder(URI.create(this.apiUrl))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		long submitNanos = System.nanoTime();
		this.submissions.add(submitNanos);
		CompletableFuture<Void> done = this.http.sendAsync(post, HttpResponse.BodyHandlers.ofString())
			.thenCompose((response) -> {
				long accepted = System.nanoTime();
				if (response.statusCode() != 202) {
					throw new IllegalStateException("POST answered " + response.statusCode() + ": " + response.body());
				}
				String id = MessageJson.tree(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
					.get("id")
					.asString();
				return awaitFinal(id).thenAccept((result) -> this.samples
					.add(new Sample(submitNanos, accepted, System.nanoTime(), Instant.now(), withoutTexts(result))));
			})
			.exceptionally((failure) -> {
				this.failures.incrementAndGet();
				this.firstFailure.compareAndSet(null, String.valueOf(failure.getMessage()));
				return null;
			});
		this.pending.add(done);
		done.whenComplete((nothing, failure) -> this.pending.remove(done));
	}

	/**
	 * The document without its texts (the answer and the passages, most of its size),
	 * which no figure needs.
	 */
	private static QueryResult withoutTexts(QueryResult result) {
		return result.toBuilder().answer(null).partialAnswer(null).sources(List.of()).build();
	}

	private CompletableFuture<QueryResult> awaitFinal(String id) {
		HttpRequest get = HttpRequest
			.newBuilder(URI.create(this.apiUrl + "/" + id + "?wait=" + LONG_POLL.toSeconds() + "s"))
			.GET()
			.build();
		return this.http.sendAsync(get, HttpResponse.BodyHandlers.ofString()).thenCompose((response) -> {
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET answered " + response.statusCode() + ": " + response.body());
			}
			QueryResult result = MessageJson.read(response.body(), QueryResult.class);
			return result.status().isFinal() ? CompletableFuture.completedFuture(result) : awaitFinal(id);
		});
	}

	@Override
	public void close() {
		this.ticks.shutdownNow();
	}

}
