package dev.ragline.llm.generation;

import java.time.Instant;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.ReasonHeaders;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.extractive.ExtractiveAnswerer;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.prompt.PromptBuilder;
import dev.ragline.resultstore.Update;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.MessageListener;

/**
 * The fallback role: answers a rerouted query with Ollama, keeping the reason it was
 * rerouted (from the record's headers) in the result. With no Ollama configured it gives
 * the extractive answer.
 */
class FallbackGenerationListener implements MessageListener<String, byte[]> {

	private static final Logger logger = LoggerFactory.getLogger(FallbackGenerationListener.class);

	private final OllamaClient ollama;

	private final ResultRecorder results;

	private final LlmProperties properties;

	FallbackGenerationListener(OllamaClient ollama, ResultRecorder results, LlmProperties properties) {
		this.ollama = ollama;
		this.results = results;
		this.properties = properties;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record) {
		RetrievedQuery query = RetrievedQueryReader.read(record);
		FallbackReason reason = ReasonHeaders.readFallbackReason(record.headers());
		Update started = this.results.startFallback(query, reason);
		if (!started.applied()) {
			logger.info("Skipping rerouted query {}: already {}", query.id(), started.result().status());
			return;
		}
		Instant start = this.results.now();
		if (this.ollama.configured()) {
			Completion completion = this.ollama.complete(query.id(), PromptBuilder.build(query),
					this.properties.maxTokensFor(query.query()), this.properties.temperatureFor(query.query()));
			this.results.answered(query, completion, Backends.OLLAMA, start, reason);
		}
		else {
			Completion completion = new Completion(ExtractiveAnswerer.answer(query), null);
			this.results.answered(query, completion, Backends.EXTRACTIVE, start, reason);
		}
	}

}
