package dev.ragline.llm.vllm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.generation.Completion;
import dev.ragline.llm.generation.DeadlineExpiredException;
import dev.ragline.llm.generation.Generation;
import dev.ragline.llm.prompt.PromptBuilder;
import dev.ragline.llm.vllm.VllmFailureClassifier.Action;
import dev.ragline.llm.vllm.VllmFailureClassifier.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a query with vLLM, or says precisely why not: behind the circuit breaker,
 * retrying 5xx and 429 with back-off and jitter, retrying once with half the passages
 * when the prompt is too long, and within the query's deadline. Every way of failing ends
 * in a {@link BackendUnavailableException} that reroutes the query to the fallback
 * backend, with the reason, HTTP status, body excerpt and attempt count.
 */
public class VllmGenerator {

	private static final Logger logger = LoggerFactory.getLogger(VllmGenerator.class);

	private final VllmClient client;

	private final VllmProperties properties;

	private final CircuitBreaker breaker;

	private final Clock clock;

	private final MisconfigurationReport misconfiguration;

	public VllmGenerator(VllmClient client, VllmProperties properties, CircuitBreaker breaker, Clock clock) {
		this.client = client;
		this.properties = properties;
		this.breaker = breaker;
		this.clock = clock;
		this.misconfiguration = new MisconfigurationReport(client, clock);
	}

	public boolean configured() {
		return this.client.configured();
	}

	public String endpointUrl() {
		return this.client.endpointUrl();
	}

	/**
	 * @throws BackendUnavailableException when vLLM does not answer
	 * @throws DeadlineExpiredException when the query's deadline passes first
	 */
	public Generation generate(RetrievedQuery query, int maxTokens, double temperature, Consumer<String> partial) {
		String id = query.id();
		Instant deadline = query.query().deadline();
		if (!this.breaker.tryAcquirePermission()) {
			throw circuitOpen(id);
		}
		String model = this.client.model();
		List<Passage> passages = query.passages();
		boolean shrunk = false;
		Instant start = this.clock.instant();
		long backoff = this.properties.retry().initialBackoff().toMillis();
		for (int attempt = 1;; attempt++) {
			Duration timeout = timeoutUntil(deadline);
			if (timeout.isNegative() || timeout.isZero()) {
				this.breaker.releasePermission();
				throw new DeadlineExpiredException(id, deadline);
			}
			try {
				Completion completion = this.client.call(model, PromptBuilder.build(query.query().question(), passages),
						maxTokens, temperature, timeout, partial);
				this.breaker.onSuccess(elapsedNanos(start), TimeUnit.NANOSECONDS);
				return new Generation(completion, passages);
			}
			catch (VllmCallException failure) {
				Verdict verdict = VllmFailureClassifier.verdict(failure);
				if (verdict.action() == Action.SHRINK_PROMPT && !shrunk && !passages.isEmpty()) {
					shrunk = true;
					passages = passages.subList(0, passages.size() / 2);
					logger.info("Query {}: prompt too long for vLLM's context, retrying with {} passages", id,
							passages.size());
					continue;
				}
				if (verdict.action() == Action.RETRY && attempt < this.properties.retry().maxAttempts()
						&& sleepBefore(deadline, jittered(backoff))) {
					backoff = (long) (backoff * this.properties.retry().multiplier());
					continue;
				}
				if (deadline != null && !this.clock.instant().isBefore(deadline)) {
					this.breaker.releasePermission();
					throw new DeadlineExpiredException(id, deadline);
				}
				if (verdict.vllmFault()) {
					this.breaker.onError(elapsedNanos(start), TimeUnit.NANOSECONDS, failure);
				}
				else {
					this.breaker.onSuccess(elapsedNanos(start), TimeUnit.NANOSECONDS);
				}
				FallbackReason reason = VllmFailureClassifier.reason(failure, verdict, this.client.endpointUrl(),
						attempt);
				throw unavailable(id, model, start,
						this.misconfiguration.describe(reason, VllmFailureClassifier.excerpt(failure.body())));
			}
			catch (RuntimeException ex) {
				// abandoned by the caller (e.g. the query was cancelled): neither vLLM's
				// success nor its fault
				this.breaker.releasePermission();
				throw ex;
			}
		}
	}

	private BackendUnavailableException circuitOpen(String id) {
		CircuitBreaker.Metrics metrics = this.breaker.getMetrics();
		String detail = String.format(
				"vLLM's circuit breaker is %s: %.0f%% of the last %d calls failed; vLLM is skipped "
						+ "for up to %s before probe calls try it again",
				this.breaker.getState(), metrics.getFailureRate(), metrics.getNumberOfBufferedCalls(),
				this.properties.circuitBreaker().waitInOpenState());
		return new BackendUnavailableException(id,
				new FallbackReason(FallbackReason.VLLM_CIRCUIT_OPEN, null, detail, 0), null, null);
	}

	private BackendUnavailableException unavailable(String id, String model, Instant start, FallbackReason reason) {
		Attempt attempt = new Attempt(Backends.VLLM, model, Attempt.REROUTED, reason.code(), start,
				Duration.between(start, this.clock.instant()).toMillis());
		return new BackendUnavailableException(id, reason, attempt, null);
	}

	private Duration timeoutUntil(Instant deadline) {
		Duration callTimeout = this.properties.callTimeout();
		if (deadline == null) {
			return callTimeout;
		}
		Duration left = Duration.between(this.clock.instant(), deadline);
		return (left.compareTo(callTimeout) < 0) ? left : callTimeout;
	}

	private long jittered(long millis) {
		double jitter = this.properties.retry().jitter();
		double factor = 1 - jitter + 2 * jitter * ThreadLocalRandom.current().nextDouble();
		return Math.max(0, Math.round(millis * factor));
	}

	/** Sleeps, unless that would end past the deadline; then answers false. */
	private boolean sleepBefore(Instant deadline, long millis) {
		if (deadline != null && this.clock.instant().plusMillis(millis).isAfter(deadline)) {
			return false;
		}
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private long elapsedNanos(Instant start) {
		return Duration.between(start, this.clock.instant()).toNanos();
	}

}
