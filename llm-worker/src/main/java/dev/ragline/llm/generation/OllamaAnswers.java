package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.LlmProperties;
import dev.ragline.llm.backend.BackendFailedException;
import dev.ragline.llm.backend.BackendRejectedException;
import dev.ragline.llm.backend.Completion;
import dev.ragline.llm.backend.QueryCancelledException;
import dev.ragline.llm.experiment.ShadowCalls;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.llm.prompt.PromptBuilder;

/**
 * Asking Ollama for a query's answer as the LLM stage does, whether Ollama is the
 * fallback or the split experiment's primary: the query's prompt and settings, a timeout
 * cut to its deadline, the partial answer written while it streams, the call's metrics,
 * and a failed call listed in the query's attempts before the failure goes on to the
 * caller.
 */
final class OllamaAnswers {

	/**
	 * Ollama's answer, the document as its partial writes left it, the call as the
	 * document lists it, and as a shadow experiment compares it.
	 */
	record Answer(Completion completion, QueryResult known, Attempt call, ShadowCalls.PrimaryCall timing) {

	}

	private final OllamaClient ollama;

	private final ResultRecorder results;

	private final LlmProperties properties;

	private final LlmMetrics metrics;

	private final Clock clock;

	OllamaAnswers(OllamaClient ollama, ResultRecorder results, LlmProperties properties, LlmMetrics metrics,
			Clock clock) {
		this.ollama = ollama;
		this.results = results;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * @throws BackendFailedException or {@link BackendRejectedException} when Ollama did
	 * not answer (the call is listed already)
	 * @throws QueryCancelledException when the query was cancelled meanwhile
	 */
	Answer ask(RetrievedQuery query, QueryResult known) {
		Instant start = this.clock.instant();
		PartialAnswerWriter partial = new PartialAnswerWriter(this.results, known,
				this.properties.partialAnswerInterval(), this.clock);
		ShadowCalls.FirstText first = new ShadowCalls.FirstText(this.clock, partial);
		try {
			Completion completion = this.ollama.complete(query.id(), PromptBuilder.build(query),
					this.properties.maxTokensFor(query.query()), this.properties.temperatureFor(query.query()),
					this.ollama.callTimeout(query.query().deadline(), start), first);
			Instant end = this.clock.instant();
			this.metrics.call(Backends.OLLAMA, Attempt.ANSWERED, null, start, end);
			return new Answer(completion, partial.known(),
					Attempt.answered(Backends.OLLAMA, completion.model(), query.passages().size(), start,
							Duration.between(start, end).toMillis()),
					new ShadowCalls.PrimaryCall(Backends.OLLAMA, completion.model(), start, end, first.at(),
							completion.text()));
		}
		catch (QueryCancelledException ex) {
			this.metrics.call(Backends.OLLAMA, Attempt.FAILED, ex.reason(), start, this.clock.instant());
			throw ex;
		}
		catch (BackendFailedException | BackendRejectedException ex) {
			Instant end = this.clock.instant();
			this.metrics.call(Backends.OLLAMA, Attempt.FAILED,
					this.results.ollamaFailed(query, this.ollama.model(), ex, start, end), start, end);
			throw ex;
		}
	}

}
