package dev.ragline.llm.generation;

import java.time.Clock;
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
import dev.ragline.llm.backend.QueryCancelledException;
import dev.ragline.llm.ollama.OllamaClient;
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

	private final OllamaAnswers answers;

	FallbackGenerationProcessor(OllamaClient ollama, ResultRecorder results, LlmProperties properties,
			LlmMetrics metrics, Clock clock) {
		this.ollama = ollama;
		this.results = results;
		this.answers = new OllamaAnswers(ollama, results, properties, metrics, clock);
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
		// the record's timestamp: when the primary published it here
		Instant reroutedAt = (record.timestamp() >= 0) ? Instant.ofEpochMilli(record.timestamp()) : null;
		if (!this.ollama.configured()) {
			this.results.answeredExtractively(known, query, whyNoLlm(reason), reason, reroutedAt, primaryCalls);
			return;
		}
		answerWithOllama(query, known, reason, reroutedAt, primaryCalls);
	}

	private void answerWithOllama(RetrievedQuery query, QueryResult known, FallbackReason reason, Instant reroutedAt,
			List<Attempt> primaryCalls) {
		try {
			OllamaAnswers.Answer answer = this.answers.ask(query, known);
			List<Attempt> calls = new ArrayList<>(primaryCalls);
			calls.add(answer.call());
			this.results.answeredAfterReroute(answer.known(), query, answer.completion(), Backends.OLLAMA, reason,
					reroutedAt, calls);
		}
		catch (QueryCancelledException ex) {
			logger.info("Query {} was cancelled; its Ollama call is abandoned", query.id());
		}
	}

	/** What the extractive answer says about why no LLM gave it. */
	private static String whyNoLlm(FallbackReason reason) {
		return (reason != null) ? "vLLM did not answer (" + reason.code() + ") and no Ollama is configured"
				: "no Ollama is configured for the fallback";
	}

}
