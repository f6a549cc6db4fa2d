package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.ReasonHeaders;
import dev.ragline.kafka.concurrent.RecordProcessor;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.backend.BackendFailedException;
import dev.ragline.llm.backend.BackendRejectedException;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.backend.QueryCancelledException;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.prompt.PromptBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback role: answers a rerouted query with Ollama, keeping in the result why it
 * was rerouted and the calls made to the primary backend (from the record's headers).
 * Every Ollama call is listed; a failed one is thrown for the dispatcher to retry or
 * dead-letter. With no Ollama configured it gives the extractive answer, saying why.
 */
class FallbackGenerationProcessor implements RecordProcessor {

	private static final Logger logger = LoggerFactory.getLogger(FallbackGenerationProcessor.class);

	private final OllamaClient ollama;

	private final ResultRecorder results;

	private final LlmProperties properties;

	private final LlmMetrics metrics;

	private final Clock clock;

	FallbackGenerationProcessor(OllamaClient ollama, ResultRecorder results, LlmProperties properties,
			LlmMetrics metrics, Clock clock) {
		this.ollama = ollama;
		this.results = results;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	@Override
	public void process(ConsumerRecord<String, byte[]> record) {
		RetrievedQuery query = RetrievedQueryReader.read(record);
		if (this.results.failIfExpired(query)) {
			return;
		}
		FallbackReason reason = ReasonHeaders.readFallbackReason(record.headers());
		List<Attempt> primaryCalls = ReasonHeaders.readCalls(record.headers());
		Optional<QueryResult> current = this.results.current(query.id());
		if (current.isPresent() && current.get().status().isFinal()) {
			logger.info("Skipping rerouted query {}: already {}", query.id(), current.get().status());
			return;
		}
		QueryResult known = current.orElseGet(
				() -> this.results.rerouted(null, query.id(), query.query().question(), reason, primaryCalls).result());
		if (!this.ollama.configured()) {
			this.results.answeredExtractively(known, query, whyNoLlm(reason), reason, primaryCalls);
			return;
		}
		answerWithOllama(query, known, reason, primaryCalls);
	}

	private void answerWithOllama(RetrievedQuery query, QueryResult known, FallbackReason reason,
			List<Attempt> primaryCalls) {
		Instant start = this.clock.instant();
		PartialAnswerWriter partial = new PartialAnswerWriter(this.results, known,
				this.properties.partialAnswerInterval(), this.clock);
		try {
			Completion completion = this.ollama.complete(query.id(), PromptBuilder.build(query),
					this.properties.maxTokensFor(query.query()), this.properties.temperatureFor(query.query()),
					timeout(query), partial);
			Instant end = this.clock.instant();
			this.metrics.call(Backends.OLLAMA, Attempt.ANSWERED, null, start, end);
			List<Attempt> calls = new ArrayList<>(primaryCalls);
			calls.add(Attempt.answered(Backends.OLLAMA, completion.model(), query.passages().size(), start,
					Duration.between(start, end).toMillis()));
			this.results.answered(partial.known(), query, query.passages(), completion, Backends.OLLAMA, reason, calls);
		}
		catch (QueryCancelledException ex) {
			this.metrics.call(Backends.OLLAMA, Attempt.FAILED, ex.reason(), start, this.clock.instant());
			logger.info("Query {} was cancelled; its Ollama call is abandoned", query.id());
		}
		catch (BackendFailedException | BackendRejectedException ex) {
			Instant end = this.clock.instant();
			this.metrics.call(Backends.OLLAMA, Attempt.FAILED, ex.reason(), start, end);
			Integer status = (ex instanceof BackendFailedException failed) ? failed.httpStatus()
					: ((BackendRejectedException) ex).httpStatus();
			this.results.callFailed(query.id(), new Attempt(Backends.OLLAMA, this.ollama.model(), Attempt.FAILED,
					ex.reason(), status, query.passages().size(), start, Duration.between(start, end).toMillis()));
			throw ex;
		}
	}

	/** What the extractive answer says about why no LLM gave it. */
	private static String whyNoLlm(FallbackReason reason) {
		return (reason != null) ? "vLLM did not answer (" + reason.code() + ") and no Ollama is configured"
				: "no Ollama is configured for the fallback";
	}

	/** Ollama's call timeout, shortened to the query's deadline. */
	private Duration timeout(RetrievedQuery query) {
		Duration timeout = this.ollama.callTimeout();
		if (query.query().deadline() == null) {
			return timeout;
		}
		Duration left = Duration.between(this.clock.instant(), query.query().deadline());
		return (left.compareTo(timeout) < 0) ? left : timeout;
	}

}
