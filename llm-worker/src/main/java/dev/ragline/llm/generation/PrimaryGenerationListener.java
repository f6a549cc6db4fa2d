package dev.ragline.llm.generation;

import java.time.Instant;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.extractive.ExtractiveAnswerer;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.prompt.PromptBuilder;
import dev.ragline.llm.vllm.VllmClient;
import dev.ragline.resultstore.Update;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.MessageListener;

/**
 * The primary role: answers a retrieved query with vLLM. When vLLM cannot answer, the
 * {@link BackendUnavailableException} it throws makes the error handler republish the
 * record to the fallback topic. With no vLLM configured, queries go to the fallback when
 * Ollama is configured and get the extractive answer when nothing is.
 */
class PrimaryGenerationListener implements MessageListener<String, byte[]> {

	private static final Logger logger = LoggerFactory.getLogger(PrimaryGenerationListener.class);

	private final VllmClient vllm;

	private final OllamaClient ollama;

	private final ResultRecorder results;

	private final LlmProperties properties;

	PrimaryGenerationListener(VllmClient vllm, OllamaClient ollama, ResultRecorder results, LlmProperties properties) {
		this.vllm = vllm;
		this.ollama = ollama;
		this.results = results;
		this.properties = properties;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record) {
		RetrievedQuery query = RetrievedQueryReader.read(record);
		Update started = this.results.startGenerating(query);
		if (!started.applied()) {
			logger.info("Skipping query {}: already {}", query.id(), started.result().status());
			return;
		}
		Instant start = this.results.now();
		if (this.vllm.configured()) {
			Completion completion = this.vllm.complete(query.id(), PromptBuilder.build(query),
					this.properties.maxTokensFor(query.query()), this.properties.temperatureFor(query.query()));
			this.results.answered(query, completion, Backends.VLLM, start, null);
		}
		else if (this.ollama.configured()) {
			throw new BackendUnavailableException(query.id(),
					new FallbackReason(FallbackReason.VLLM_NOT_CONFIGURED, null,
							"No vLLM base URL is configured (ragline.vllm.base-url); asking the fallback backend", 0),
					null, null);
		}
		else {
			Completion completion = new Completion(ExtractiveAnswerer.answer(query), null);
			this.results.answered(query, completion, Backends.EXTRACTIVE, start, null);
		}
	}

}
