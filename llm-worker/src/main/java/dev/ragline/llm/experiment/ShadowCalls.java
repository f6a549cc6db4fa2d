package dev.ragline.llm.experiment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.Comparison;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.prompt.PromptBuilder;
import dev.ragline.llm.vllm.VllmGenerator;
import dev.ragline.resultstore.ComparisonLog;
import dev.ragline.resultstore.ResultStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow calls: once the primary's answer to a query is stored, the same question goes to
 * the other backend (Ollama after vLLM, or vLLM after Ollama) on a thread of this class's
 * own, and the two are compared ({@link Comparison}), added to the final document and to
 * the {@link ComparisonLog}. The user already has the primary answer; a shadow never
 * changes the query's status, never reroutes, never counts for or against vLLM's circuit
 * breaker, and never delays a primary call: it runs on at most {@code shadowMaxInFlight}
 * threads with no queue, and a shadow that finds them all busy is dropped (counted).
 */
public class ShadowCalls implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ShadowCalls.class);

	/** Characters per token, for a generation speed comparable across backends. */
	private static final double CHARACTERS_PER_TOKEN = 4;

	private final OllamaClient ollama;

	private final VllmGenerator vllm;

	private final AnswerSimilarity similarity;

	private final ResultStore store;

	private final ComparisonLog log;

	private final Experiment experiment;

	private final LlmProperties properties;

	private final Clock clock;

	private final ThreadPoolExecutor threads;

	private final Counter dropped;

	private final Counter answered;

	private final Counter failed;

	/** How the primary answered: what a shadow is compared with. */
	public record PrimaryCall(String backend, String model, Instant startedAt, Instant endedAt, Instant firstTextAt,
			String answer) {

	}

	public ShadowCalls(OllamaClient ollama, VllmGenerator vllm, AnswerSimilarity similarity, ResultStore store,
			ComparisonLog log, Experiment experiment, LlmProperties properties, int maxInFlight, MeterRegistry registry,
			Clock clock) {
		this.ollama = ollama;
		this.vllm = vllm;
		this.similarity = similarity;
		this.store = store;
		this.log = log;
		this.experiment = experiment;
		this.properties = properties;
		this.clock = clock;
		AtomicInteger count = new AtomicInteger();
		this.threads = new ThreadPoolExecutor(maxInFlight, maxInFlight, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(runnable, "llm-shadow-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.threads.allowCoreThreadTimeOut(true);
		this.dropped = Counter.builder("ragline.experiment.shadow.dropped")
			.description("Shadow calls dropped because every shadow slot was busy")
			.register(registry);
		this.answered = calls(registry, Attempt.ANSWERED);
		this.failed = calls(registry, Attempt.FAILED);
	}

	/**
	 * After {@code primary} answered {@code query} and its answer is stored: starts a
	 * shadow call when the experiment takes this query, else does nothing.
	 */
	public void afterAnswer(RetrievedQuery query, PrimaryCall primary) {
		boolean otherConfigured = Backends.VLLM.equals(primary.backend()) ? this.ollama.configured()
				: Backends.OLLAMA.equals(primary.backend()) && this.vllm.configured();
		if (!otherConfigured || !this.experiment.shadows(query.id(), primary.backend())) {
			return;
		}
		try {
			this.threads.execute(() -> shadow(query, primary));
		}
		catch (RejectedExecutionException ex) {
			this.dropped.increment();
		}
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
	}

	private void shadow(RetrievedQuery query, PrimaryCall primary) {
		boolean toOllama = Backends.VLLM.equals(primary.backend());
		String backend = toOllama ? Backends.OLLAMA : Backends.VLLM;
		Instant start = this.clock.instant();
		FirstText first = new FirstText(this.clock);
		int maxTokens = this.properties.maxTokensFor(query.query());
		double temperature = this.properties.temperatureFor(query.query());
		Long primaryMillis = millis(primary.startedAt(), primary.endedAt());
		Long primaryFirstText = millisOrNull(primary.startedAt(), primary.firstTextAt());
		Double primarySpeed = tokensPerSecond(primary.answer(), primary.startedAt(), primary.firstTextAt(),
				primary.endedAt());
		Comparison comparison;
		try {
			Completion completion = toOllama ? this.ollama.complete(query.id(), PromptBuilder.build(query), maxTokens,
					temperature, this.ollama.callTimeout(), first)
					: this.vllm.askOnce(query, maxTokens, temperature, first);
			Instant end = this.clock.instant();
			comparison = new Comparison(Comparison.SHADOW, query.id(), backend, completion.model(), Attempt.ANSWERED,
					null, start, millis(start, end), millisOrNull(start, first.at()),
					tokensPerSecond(completion.text(), start, first.at(), end), completion.text(), primary.backend(),
					primary.model(), primaryMillis, primaryFirstText, primarySpeed,
					sourceAgreement(primary.answer(), completion.text()),
					this.similarity.between(primary.answer(), completion.text()));
		}
		catch (RuntimeException ex) {
			Instant end = this.clock.instant();
			comparison = new Comparison(Comparison.SHADOW, query.id(), backend,
					toOllama ? this.ollama.model() : this.vllm.model(), Attempt.FAILED, ex.getMessage(), start,
					millis(start, end), null, null, null, primary.backend(), primary.model(), primaryMillis,
					primaryFirstText, primarySpeed, null, null);
		}
		(comparison.answered() ? this.answered : this.failed).increment();
		try {
			this.store.attachComparison(query.id(), comparison);
			this.log.add(comparison);
		}
		catch (RuntimeException ex) {
			logger.warn("The shadow comparison of query {} could not be stored: {}", query.id(), ex.getMessage());
		}
	}

	private static Counter calls(MeterRegistry registry, String outcome) {
		return Counter.builder("ragline.experiment.shadow.calls")
			.description("Shadow calls made, by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	/** The cited passages both answers share, over those either cites (1 if none). */
	static double sourceAgreement(String primary, String shadow) {
		Set<Integer> a = new HashSet<>(Comparison.citedSources(primary));
		Set<Integer> b = new HashSet<>(Comparison.citedSources(shadow));
		return jaccard(a, b);
	}

	private static <T> double jaccard(Set<T> a, Set<T> b) {
		Set<T> union = new HashSet<>(a);
		union.addAll(b);
		if (union.isEmpty()) {
			return 1;
		}
		Set<T> common = new HashSet<>(a);
		common.retainAll(b);
		return (double) common.size() / union.size();
	}

	/**
	 * Answer tokens (estimated from characters) per second of generating them: after the
	 * first text when it is known, else over the whole call.
	 */
	static Double tokensPerSecond(String answer, Instant start, Instant firstText, Instant end) {
		if (answer == null || answer.isEmpty()) {
			return null;
		}
		Instant from = (firstText != null && firstText.isBefore(end)) ? firstText : start;
		double seconds = Duration.between(from, end).toNanos() / 1e9;
		return (seconds > 0) ? answer.length() / CHARACTERS_PER_TOKEN / seconds : null;
	}

	private static long millis(Instant from, Instant to) {
		return Duration.between(from, to).toMillis();
	}

	private static Long millisOrNull(Instant from, Instant to) {
		return (to != null) ? millis(from, to) : null;
	}

	/** Notes when the first text of a streamed answer arrived. */
	public static final class FirstText implements Consumer<String> {

		private final Clock clock;

		private final Consumer<String> next;

		private volatile Instant at;

		public FirstText(Clock clock) {
			this(clock, (text) -> {
			});
		}

		/** Notes the first text, then passes every text on to {@code next}. */
		public FirstText(Clock clock, Consumer<String> next) {
			this.clock = clock;
			this.next = next;
		}

		@Override
		public void accept(String text) {
			if (this.at == null && text != null && !text.isEmpty()) {
				this.at = this.clock.instant();
			}
			this.next.accept(text);
		}

		/** When the first text came, or {@code null}. */
		public Instant at() {
			return this.at;
		}

	}

}
