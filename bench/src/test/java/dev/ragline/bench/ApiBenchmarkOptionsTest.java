package dev.ragline.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiBenchmarkOptionsTest {

	@Test
	void measuresQueryIngestAloneUnlessToldToMeasureTheStandalone() {
		ApiBenchmark.Options defaults = ApiBenchmark.Options.parse(new String[0]);
		assertThat(defaults.standalone()).isFalse();
		assertThat(defaults.connections()).isEqualTo(32);

		ApiBenchmark.Options standalone = ApiBenchmark.Options
			.parse(new String[] { "--standalone", "--mode", "bm25", "--connections=64" });
		assertThat(standalone.standalone()).isTrue();
		assertThat(standalone.mode()).isEqualTo("bm25");
		assertThat(standalone.connections()).isEqualTo(64);
		assertThat(ApiBenchmark.Options.parse(new String[] { "--standalone" }).mode()).isEqualTo("hybrid");
	}

	@Test
	void refusesARetrievalModeForQueryIngestAlone() {
		// it retrieves nothing, so the mode would be silently ignored
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> ApiBenchmark.Options.parse(new String[] { "--mode=bm25" }))
			.withMessage("--mode applies to --standalone only");
	}

}
