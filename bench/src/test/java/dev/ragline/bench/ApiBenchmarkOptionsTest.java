package dev.ragline.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}
