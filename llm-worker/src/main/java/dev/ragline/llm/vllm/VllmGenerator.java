package dev.ragline.llm.vllm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.backend.BackendFailedException;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.backend.DeadlineExpiredException;
import dev.ragline.llm.backend.Generation;
import dev.ragline.llm.vllm.PromptPlanner.Plan;
import dev.ragline.llm.vllm.VllmFailureClassifier.Action;
import dev.ragline.llm.vllm.VllmFailureClassifier.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Answers a query with vLLM (or another OpenAI-compatible server), or says precisely why
 * not: behind the circuit breaker, with a prompt that fits the model's context, retrying
 * what may pass (5xx, 429, a connection reset before any response) with back-off and
 * jitter, shrinking the prompt once, to the numbers the server reported, when it is
 * refused as too long, and within the query's deadline. Every call is kept as an
 * {@link Attempt}. Every way of failing ends in a {@link BackendUnavailableException}
 * that reroutes the query to the fallback backend, with the reason, HTTP status, body
 * excerpt and the calls made.
 */
public class VllmGenerator {

	private static final Logger logger = LoggerFactory.getLogger(VllmGenerator.class);

	private final VllmClient client;

	private final ServedModels served;

	private final VllmProperties properties;

	private final CircuitBreaker breaker;

	private final Clock clock;

	private final MisconfigurationReport misconfiguration;

	VllmGenerator(VllmClient client, ServedModels served, VllmProperties properties, CircuitBreaker breaker,
			Clock clock) {
		this.client = client;
		this.served = served;
		this.properties = properties;
		this.breaker = breaker;
		this.clock = clock;
		this.misconfiguration = new MisconfigurationReport(client, served, clock);
	}

	public boolean configured() {
		return this.client.configured();
	}

	public String endpointUrl() {
		return this.client.endpointUrl();
	}

	/** The model asked for: configured, else the first served, else {@code null}. */
	public String model() {
		return this.served.modelToAsk();
	}

	/**
	 * @throws BackendUnavailableException when vLLM does not answer
	 * @throws DeadlineExpiredException when the query's deadline passes first
	 */
	public Generation generate(RetrievedQuery query, int maxTokens, double temperature, Consumer<String> partial) {
		String id = query.id();
		if (!this.breaker.tryAcquirePermission()) {
			throw circuitOpen(id);
		}
		Instant start = this.clock.instant();
		String model = this.served.modelToAsk();
		String question = query.query().question();
		Integer context = this.served.contextLength();
		Optional<Plan> first = PromptPlanner.first(question, query.passages(), maxTokens, context);
		if (first.isEmpty()) {
			this.breaker.releasePermission();
			throw unavailable(id, List.of(),
					new FallbackReason(FallbackReason.VLLM_PROMPT_TOO_LONG, null,
							"The question and instructions do not leave room for any passage in the model's context of "
									+ context + " tokens (answers up to " + maxTokens + " tokens); vLLM was not called",
							0));
		}
		Plan plan = first.get();
		List<Attempt> attempts = new ArrayList<>();
		BackOffExecution backOff = this.properties.retry().backOff().start();
		boolean shrunk = false;
		try {
			while (true) {
				Duration timeout = timeoutUntil(query.query().deadline());
				if (timeout.isNegative() || timeout.isZero()) {
					this.breaker.releasePermission();
					throw new DeadlineExpiredException(id, query.query().deadline(), attempts);
				}
				Instant callStart = this.clock.instant();
				try {
					Completion completion = this.client.call(model, plan.prompt().messages(), plan.maxTokens(),
							temperature, timeout, partial);
					attempts.add(Attempt.answered(Backends.VLLM, completion.model(), plan.passages().size(), callStart,
							millisSince(callStart)));
					this.breaker.onSuccess(nanosSince(start), TimeUnit.NANOSECONDS);
					return new Generation(completion, plan.passages(), attempts);
				}
				catch (VllmCallException failure) {
					stopIfInterrupted();
					Verdict verdict = VllmFailureClassifier.verdict(failure);
					Attempt call = new Attempt(Backends.VLLM, model, Attempt.RETRIED, verdict.reason(),
							(failure.status() > 0) ? failure.status() : null, plan.passages().size(), callStart,
							millisSince(callStart));
					Optional<Plan> smaller = (verdict.action() == Action.SHRINK_PROMPT && !shrunk)
							? shrink(question, query, maxTokens, plan, failure, context) : Optional.empty();
					if (smaller.isPresent()) {
						attempts.add(call);
						shrunk = true;
						plan = smaller.get();
						continue;
					}
					if (verdict.action() == Action.RETRY
							&& sleepBefore(query.query().deadline(), backOff.nextBackOff())) {
						attempts.add(call);
						continue;
					}
					if (pastDeadline(query.query().deadline())) {
						attempts.add(call.withOutcome(Attempt.FAILED));
						this.breaker.releasePermission();
						throw new DeadlineExpiredException(id, query.query().deadline(), attempts);
					}
					attempts.add(call.withOutcome(Attempt.REROUTED));
					if (verdict.vllmFault()) {
						this.breaker.onError(nanosSince(start), TimeUnit.NANOSECONDS, failure);
					}
					else {
						this.breaker.onSuccess(nanosSince(start), TimeUnit.NANOSECONDS);
					}
					FallbackReason reason = VllmFailureClassifier.reason(failure, verdict, this.client.endpointUrl(),
							attempts.size());
					throw unavailable(id, attempts,
							this.misconfiguration.describe(reason, VllmFailureClassifier.excerpt(failure.body())));
				}
			}
		}
		catch (BackendUnavailableException | DeadlineExpiredException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// abandoned by the caller (the query was cancelled, the worker stops):
			// neither vLLM's success nor its fault
			this.breaker.releasePermission();
			throw ex;
		}
	}

	/**
	 * One call for a comparison (a shadow of another backend's answer): the prompt
	 * planned as for an answer, but no retry, no shorter prompt after a refusal, and no
	 * verdict on vLLM's health (the circuit breaker neither asked nor told).
	 * @throws BackendFailedException naming the failure as a reroute would
	 */
	public Completion askOnce(RetrievedQuery query, int maxTokens, double temperature, Consumer<String> partial) {
		Integer context = this.served.contextLength();
		Plan plan = PromptPlanner.first(query.query().question(), query.passages(), maxTokens, context)
			.orElseThrow(() -> new BackendFailedException(query.id(), FallbackReason.VLLM_PROMPT_TOO_LONG,
					"The question and instructions do not fit the model's context of " + context + " tokens", null));
		try {
			return this.client.call(this.served.modelToAsk(), plan.prompt().messages(), plan.maxTokens(), temperature,
					this.properties.callTimeout(), partial);
		}
		catch (VllmCallException failure) {
			Verdict verdict = VllmFailureClassifier.verdict(failure);
			FallbackReason reason = VllmFailureClassifier.reason(failure, verdict, this.client.endpointUrl(), 1);
			throw new BackendFailedException(query.id(), verdict.reason(), reason.httpStatus(), reason.detail(),
					failure);
		}
	}

	/** The plan after a refusal as too long, fitted to what the server reported. */
	private Optional<Plan> shrink(String question, RetrievedQuery query, int maxTokens, Plan refused,
			VllmCallException failure, Integer knownContext) {
		ContextOverflow overflow = ContextOverflow.parse(failure.body()).orElseThrow();
		if (overflow.contextTokens() != null) {
			this.served.reportedContextLength(overflow.contextTokens());
		}
		Optional<Plan> smaller = PromptPlanner.afterOverflow(question, query.passages(), maxTokens, refused, overflow,
				knownContext);
		smaller.ifPresent((plan) -> logger.info(
				"Query {}: vLLM refused a prompt of {} passages as longer than its context ({} tokens{}); "
						+ "asking once more with {} passages and at most {} answer tokens",
				query.id(), refused.passages().size(), overflow.contextTokens(),
				(overflow.promptTokens() != null) ? ", the prompt had " + overflow.promptTokens() : "",
				plan.passages().size(), plan.maxTokens()));
		return smaller;
	}

	private BackendUnavailableException circuitOpen(String id) {
		CircuitBreaker.Metrics metrics = this.breaker.getMetrics();
		String detail = String.format(
				"vLLM's circuit breaker is %s: %.0f%% of the last %d calls failed; vLLM is skipped "
						+ "for up to %s before probe calls try it again",
				this.breaker.getState(), metrics.getFailureRate(), metrics.getNumberOfBufferedCalls(),
				this.properties.circuitBreaker().waitInOpenState());
		return unavailable(id, List.of(), new FallbackReason(FallbackReason.VLLM_CIRCUIT_OPEN, null, detail, 0));
	}

	private static BackendUnavailableException unavailable(String id, List<Attempt> attempts, FallbackReason reason) {
		return new BackendUnavailableException(id, reason, attempts);
	}

	private Duration timeoutUntil(Instant deadline) {
		Duration callTimeout = this.properties.callTimeout();
		if (deadline == null) {
			return callTimeout;
		}
		Duration left = Duration.between(this.clock.instant(), deadline);
		return (left.compareTo(callTimeout) < 0) ? left : callTimeout;
	}

	private boolean pastDeadline(Instant deadline) {
		return deadline != null && !this.clock.instant().isBefore(deadline);
	}

	/**
	 * Sleeps before a retry, unless there is none left or it would end past the deadline;
	 * then answers false.
	 */
	private boolean sleepBefore(Instant deadline, long millis) {
		if (millis == BackOffExecution.STOP
				|| (deadline != null && this.clock.instant().plusMillis(millis).isAfter(deadline))) {
			return false;
		}
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to call vLLM again: the worker stops", ex);
		}
	}

	/** A call cut short because the worker stops is no verdict on vLLM. */
	private static void stopIfInterrupted() {
		if (Thread.currentThread().isInterrupted()) {
			throw new IllegalStateException("The worker stops; the query is answered after its restart");
		}
	}

	private long millisSince(Instant start) {
		return Duration.between(start, this.clock.instant()).toMillis();
	}

	private long nanosSince(Instant start) {
		return Duration.between(start, this.clock.instant()).toNanos();
	}

}
