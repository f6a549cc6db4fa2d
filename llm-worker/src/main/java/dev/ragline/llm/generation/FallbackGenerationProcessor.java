package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.RaglineException;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.ReasonHeaders;
import dev.ragline.kafka.concurrent.RecordProcessor;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.prompt.PromptBuilder;
import dev.ragline.resultstore.Update;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback role: answers a rerouted query with Ollama, keeping the reason it was
 * rerouted (from the record's headers) in the result. Ollama failures are thrown for the
 * dispatcher to retry or dead-letter. With no Ollama configured it gives the extractive
 * answer.
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
		Update started = this.results.startFallback(query, reason, ReasonHeaders.readAttempt(record.headers()));
		if (started.refused()) {
			logger.info("Skipping rerouted query {}: already {}", query.id(), started.result().status());
			return;
		}
		Instant start = this.clock.instant();
		if (!this.ollama.configured()) {
			this.results.answeredExtractively(started.result(), query, start, reason);
			return;
		}
		PartialAnswerWriter partial = new PartialAnswerWriter(this.results, started.result(),
				this.properties.partialAnswerInterval(), this.clock);
		try {
			Completion completion = this.ollama.complete(query.id(), PromptBuilder.build(query),
					this.properties.maxTokensFor(query.query()), this.properties.temperatureFor(query.query()),
					timeout(query), partial);
			this.metrics.call(Backends.OLLAMA, Attempt.ANSWERED, null, start, this.clock.instant());
			this.results.answered(partial.known(), query, query.passages(), completion, Backends.OLLAMA, start, reason);
		}
		catch (QueryCancelledException ex) {
			this.metrics.call(Backends.OLLAMA, Attempt.FAILED, ex.reason(), start, this.clock.instant());
			logger.info("Query {} was cancelled; its Ollama call is abandoned", query.id());
		}
		catch (RaglineException ex) {
			this.metrics.call(Backends.OLLAMA, Attempt.FAILED, ex.reason(), start, this.clock.instant());
			throw ex;
		}
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
