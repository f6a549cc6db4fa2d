package dev.ragline.llm.experiment;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How a shadow's answer is compared with the primary's. */
class ShadowCallsTest {

	private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");

	@Test
	void sourceAgreementIsTheCitedPassagesInCommonOverThoseEitherCites() {
		assertThat(ShadowCalls.sourceAgreement("Blue [1], scattering [2].", "Scattering [2][3], again [2]."))
			.isCloseTo(1.0 / 3, within(1e-9));
		assertThat(ShadowCalls.sourceAgreement("No citation.", "None here either.")).isEqualTo(1.0);
		assertThat(ShadowCalls.sourceAgreement("Only [4].", "Nothing.")).isZero();
	}

	@Test
	void tokensPerSecondCountsFourCharactersATokenAfterTheFirstText() {
		String answer = "x".repeat(400);

		assertThat(ShadowCalls.tokensPerSecond(answer, START, START.plusMillis(500), START.plusMillis(1500)))
			.isCloseTo(100.0, within(1e-9));
		assertThat(ShadowCalls.tokensPerSecond(answer, START, null, START.plusMillis(2000)))
			.as("no streamed text: over the whole call")
			.isCloseTo(50.0, within(1e-9));
		assertThat(ShadowCalls.tokensPerSecond("", START, null, START.plusMillis(1))).isNull();
	}

}
