package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.concurrent.RecordProcessor;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.backend.BackendFailedException;
import dev.ragline.llm.backend.BackendRejectedException;
import dev.ragline.llm.backend.DeadlineExpiredException;
import dev.ragline.llm.backend.Generation;
import dev.ragline.llm.backend.QueryCancelledException;
import dev.ragline.llm.experiment.Experiment;
import dev.ragline.llm.experiment.ShadowCalls;
import dev.ragline.llm.extractive.ExtractiveAnswerer;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.vllm.VllmGenerator;
import dev.ragline.resultstore.Update;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary role: answers a retrieved query with vLLM. When vLLM cannot answer, the
 * {@link FallbackRerouter} sends the query to the fallback topic. The split experiment,
 * and the shadow experiment with vLLM as the shadow, have a share of the queries answered
 * by Ollama here instead. With no vLLM configured, queries go to the fallback when Ollama
 * is configured and get the extractive answer when nothing is.
 */
class PrimaryGenerationProcessor implements RecordProcessor {

	private static final Logger logger = LoggerFactory.getLogger(PrimaryGenerationProcessor.class);

	private static final FallbackReason NOT_CONFIGURED = new FallbackReason(FallbackReason.VLLM_NOT_CONFIGURED, null,
			"No vLLM base URL is configured (ragline.vllm.base-url); asking the fallback backend", 0);

	private final VllmGenerator vllm;

	private final OllamaClient ollama;

	private final ResultRecorder results;

	private final FallbackRerouter rerouter;

	private final LlmProperties properties;

	private final LlmMetrics metrics;

	private final ShadowCalls shadows;

	private final Experiment experiment;

	private final OllamaAnswers answers;

	private final Clock clock;

	PrimaryGenerationProcessor(VllmGenerator vllm, OllamaClient ollama, ResultRecorder results,
			FallbackRerouter rerouter, LlmProperties properties, LlmMetrics metrics, ShadowCalls shadows,
			Experiment experiment, Clock clock) {
		this.vllm = vllm;
		this.ollama = ollama;
		this.results = results;
		this.rerouter = rerouter;
		this.properties = properties;
		this.metrics = metrics;
		this.shadows = shadows;
		this.experiment = experiment;
		this.clock = clock;
		this.answers = new OllamaAnswers(ollama, results, properties, metrics, clock);
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
		Optional<String> ollamaExperiment = this.ollama.configured() ? this.experiment.ollamaAsPrimary(query.id())
				: Optional.empty();
		if (ollamaExperiment.isPresent()
				&& answeredByOllamaAsPrimary(query, started.result(), ollamaExperiment.get())) {
			return;
		}
		if (this.vllm.configured()) {
			answerWithVllm(record, query, started.result());
		}
		else if (this.ollama.configured()) {
			this.rerouter.reroute(record, started.result(), query.id(), query.query().question(), NOT_CONFIGURED,
					List.of());
		}
		else {
			this.results.answeredExtractively(started.result(), query, ExtractiveAnswerer.NO_LLM_CONFIGURED, null,
					List.of());
		}
	}

	/**
	 * An experiment has Ollama answer this query as its primary, and the document says so
	 * ({@code experiment: split} or {@code shadow}, backend {@code ollama}); in shadow
	 * mode vLLM is asked too, for comparison. When Ollama fails, the failed call is
	 * recorded and the query goes on to vLLM as any other.
	 * @return whether Ollama answered
	 */
	private boolean answeredByOllamaAsPrimary(RetrievedQuery query, QueryResult known, String experiment) {
		try {
			OllamaAnswers.Answer answer = this.answers.ask(query, known);
			this.results.answered(answer.known(), query, query.passages(), answer.completion(), Backends.OLLAMA, null,
					List.of(answer.call()), experiment);
			this.shadows.afterAnswer(query, answer.timing());
		}
		catch (QueryCancelledException ex) {
			logger.info("Query {} was cancelled; its Ollama call is abandoned", query.id());
		}
		catch (BackendFailedException | BackendRejectedException ex) {
			logger.info("Experiment ({}): Ollama could not answer query {} ({}); asking vLLM", experiment, query.id(),
					ex.reason());
			return false;
		}
		return true;
	}

	private void answerWithVllm(ConsumerRecord<String, byte[]> record, RetrievedQuery query, QueryResult known) {
		Instant start = this.clock.instant();
		PartialAnswerWriter partial = new PartialAnswerWriter(this.results, known,
				this.properties.partialAnswerInterval(), this.clock);
		ShadowCalls.FirstText first = new ShadowCalls.FirstText(this.clock, partial);
		try {
			Generation generation = this.vllm.generate(query, this.properties.maxTokensFor(query.query()),
					this.properties.temperatureFor(query.query()), first);
			Instant end = this.clock.instant();
			this.metrics.call(Backends.VLLM, Attempt.ANSWERED, null, start, end);
			this.results.answered(partial.known(), query, generation.passages(), generation.completion(), Backends.VLLM,
					null, generation.attempts());
			this.shadows.afterAnswer(query, new ShadowCalls.PrimaryCall(Backends.VLLM, generation.completion().model(),
					start, end, first.at(), generation.completion().text()));
		}
		catch (BackendUnavailableException ex) {
			this.metrics.call(Backends.VLLM, Attempt.REROUTED, ex.reason(), start, this.clock.instant());
			this.rerouter.reroute(record, partial.known(), query.id(), query.query().question(), ex.fallbackReason(),
					ex.attempts());
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
