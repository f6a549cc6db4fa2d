package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Instant;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.concurrent.RecordProcessor;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.vllm.VllmGenerator;
import dev.ragline.resultstore.Update;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary role: answers a retrieved query with vLLM. When vLLM cannot answer, the
 * {@link BackendUnavailableException} it throws has the record republished to the
 * fallback topic. With no vLLM configured, queries go to the fallback when Ollama is
 * configured and get the extractive answer when nothing is.
 */
class PrimaryGenerationProcessor implements RecordProcessor {

	private static final Logger logger = LoggerFactory.getLogger(PrimaryGenerationProcessor.class);

	private final VllmGenerator vllm;

	private final OllamaClient ollama;

	private final ResultRecorder results;

	private final LlmProperties properties;

	private final LlmMetrics metrics;

	private final Clock clock;

	PrimaryGenerationProcessor(VllmGenerator vllm, OllamaClient ollama, ResultRecorder results,
			LlmProperties properties, LlmMetrics metrics, Clock clock) {
		this.vllm = vllm;
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
		Update started = this.results.startGenerating(query);
		if (started.refused()) {
			logger.info("Skipping query {}: already {}", query.id(), started.result().status());
			return;
		}
		Instant start = this.clock.instant();
		if (this.vllm.configured()) {
			answerWithVllm(query, started.result(), start);
		}
		else if (this.ollama.configured()) {
			this.metrics.rerouted(FallbackReason.VLLM_NOT_CONFIGURED);
			throw new BackendUnavailableException(query.id(),
					new FallbackReason(FallbackReason.VLLM_NOT_CONFIGURED, null,
							"No vLLM base URL is configured (ragline.vllm.base-url); asking the fallback backend", 0),
					null, null);
		}
		else {
			this.results.answeredExtractively(started.result(), query, start, null);
		}
	}

	private void answerWithVllm(RetrievedQuery query, QueryResult known, Instant start) {
		PartialAnswerWriter partial = new PartialAnswerWriter(this.results, known,
				this.properties.partialAnswerInterval(), this.clock);
		try {
			Generation generation = this.vllm.generate(query, this.properties.maxTokensFor(query.query()),
					this.properties.temperatureFor(query.query()), partial);
			this.metrics.call(Backends.VLLM, Attempt.ANSWERED, null, start, this.clock.instant());
			this.results.answered(partial.known(), query, generation.passages(), generation.completion(), Backends.VLLM,
					start, null);
		}
		catch (BackendUnavailableException ex) {
			this.metrics.call(Backends.VLLM, Attempt.REROUTED, ex.reason(), start, this.clock.instant());
			this.metrics.rerouted(ex.reason());
			throw ex;
		}
		catch (QueryCancelledException ex) {
			this.metrics.call(Backends.VLLM, Attempt.FAILED, ex.reason(), start, this.clock.instant());
			logger.info("Query {} was cancelled; its vLLM call is abandoned", query.id());
		}
		catch (DeadlineExpiredException ex) {
			this.metrics.call(Backends.VLLM, Attempt.FAILED, ex.reason(), start, this.clock.instant());
			this.results.expired(query.id(), ex);
		}
	}

}
