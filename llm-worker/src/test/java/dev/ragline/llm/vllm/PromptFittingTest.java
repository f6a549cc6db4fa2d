package dev.ragline.llm.vllm;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.llm.backend.Generation;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.FakeVllm.ErrorEra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static dev.ragline.llm.vllm.VllmTestSupport.MODEL;
import static dev.ragline.llm.vllm.VllmTestSupport.ignored;
import static dev.ragline.llm.vllm.VllmTestSupport.query;
import static dev.ragline.llm.vllm.VllmTestSupport.rerouted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A prompt that fits the model: fitted before the call when the server reports its
 * context length, and shrunk once, to the numbers it reports, when it refuses a prompt as
 * too long (vLLM in both eras, llama.cpp).
 */
class PromptFittingTest {

	/**
	 * The fakes' context in these tests: a full prompt of four passages is ~1,050 tokens.
	 */
	private static final int CONTEXT = 700;

	private static final int MAX_TOKENS = 64;

	private FakeVllm server = FakeVllm.start(MODEL);

	private final VllmTestSupport.Settings settings = new VllmTestSupport.Settings(this.server.baseUrl());

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void fitsThePromptToTheContextVllmReportsBeforeTheFirstCall() {
		this.server.contextTokens(CONTEXT);

		Generation generation = this.settings.generator(true).generate(query(4), MAX_TOKENS, 0, ignored());

		assertThat(this.server.generationRequests()).as("no refusal first").hasSize(1);
		assertThat(generation.passages()).hasSizeBetween(1, 3);
		assertThat(generation.attempts()).extracting(Attempt::passages).containsExactly(generation.passages().size());
		JsonNode sent = this.server.generationRequests().get(0).json();
		assertThat(FakeVllm.promptTokens(sent) + sent.path("max_tokens").asInt()).isLessThanOrEqualTo(CONTEXT);
	}

	@Test
	void sendsASmallerAnswerLimitWhenTheRequestedOneWouldNotFitBesideThePrompt() {
		this.server.contextTokens(CONTEXT);

		this.settings.generator(true).generate(query(4), 600, 0, ignored());

		JsonNode sent = this.server.generationRequests().get(0).json();
		assertThat(sent.path("max_tokens").asInt()).isLessThan(600);
		assertThat(FakeVllm.promptTokens(sent) + sent.path("max_tokens").asInt()).isLessThanOrEqualTo(CONTEXT);
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void shrinksOnceToTheNumbersVllmReportsWhenItRefusesThePrompt(ErrorEra era) {
		this.server.errorEra(era).contextTokens(CONTEXT).reportsContextLength(false);

		Generation generation = this.settings.generator(true).generate(query(4), MAX_TOKENS, 0, ignored());

		assertThat(this.server.generationRequests()).hasSize(2);
		assertThat(generation.attempts()).extracting(Attempt::outcome, Attempt::reason, Attempt::httpStatus)
			.containsExactly(tuple("retried", FallbackReason.VLLM_PROMPT_TOO_LONG, 400), tuple("answered", null, 200));
		assertPrecise(this.server.generationRequests().get(1).json());
	}

	@Test
	void shrinksOnceToTheNumbersLlamaCppReportsInItsContextError() {
		useLlamaCpp();
		this.server.contextTokens(CONTEXT).reportsContextLength(false);

		Generation generation = this.settings.generator(true).generate(query(4), MAX_TOKENS, 0, ignored());

		assertThat(this.server.generationRequests()).hasSize(2);
		assertThat(generation.attempts()).extracting(Attempt::reason)
			.containsExactly(FallbackReason.VLLM_PROMPT_TOO_LONG, null);
		assertPrecise(this.server.generationRequests().get(1).json());
	}

	@Test
	void fitsBeforeTheCallToTheContextLlamaCppReports() {
		useLlamaCpp();
		this.server.contextTokens(CONTEXT);

		this.settings.generator(true).generate(query(4), MAX_TOKENS, 0, ignored());

		assertThat(this.server.generationRequests()).hasSize(1);
	}

	@Test
	void reroutesAsPromptTooLongWhenNotEvenOnePassageFitsTheReportedContext() {
		this.server.contextTokens(130).reportsContextLength(false);

		BackendUnavailableException rerouted = rerouted(this.settings.generator(true), query(4));

		assertThat(rerouted.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_PROMPT_TOO_LONG);
		assertThat(rerouted.fallbackReason().httpStatus()).isEqualTo(400);
		assertThat(this.server.generationRequests()).as("one refusal, no second try that cannot fit").hasSize(1);
		assertThat(rerouted.attempts()).extracting(Attempt::outcome).containsExactly("rerouted");
	}

	@Test
	void doesNotCallWhenTheKnownContextCannotHoldAnyPassage() {
		this.server.contextTokens(130);

		BackendUnavailableException rerouted = rerouted(this.settings.generator(true), query(4));

		assertThat(rerouted.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_PROMPT_TOO_LONG);
		assertThat(rerouted.fallbackReason().detail()).contains("context of 130 tokens", "vLLM was not called");
		assertThat(this.server.generationRequests()).isEmpty();
	}

	@Test
	void sendsEverythingWhenTheContextLengthIsUnknown() {
		this.server.reportsContextLength(false);

		Generation generation = this.settings.generator(true).generate(query(4), MAX_TOKENS, 0, ignored());

		assertThat(generation.passages()).hasSize(4);
		assertThat(this.server.generationRequests().get(0).json().path("max_tokens").asInt()).isEqualTo(MAX_TOKENS);
	}

	/**
	 * The second prompt fits, and fills most of the room the server said there was: it
	 * was sized from the server's numbers, not halved blindly.
	 */
	private static void assertPrecise(JsonNode second) {
		int tokens = FakeVllm.promptTokens(second);
		assertThat(tokens + second.path("max_tokens").asInt()).isLessThanOrEqualTo(CONTEXT);
		assertThat(tokens).isGreaterThan((CONTEXT - MAX_TOKENS) * 3 / 4);
	}

	private void useLlamaCpp() {
		this.server.close();
		this.server = FakeVllm.startLlamaCpp("llama-3.2-1b-instruct-q4");
		this.settings.baseUrl = this.server.baseUrl();
	}

}
