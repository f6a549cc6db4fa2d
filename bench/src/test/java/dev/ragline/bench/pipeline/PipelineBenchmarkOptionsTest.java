package dev.ragline.bench.pipeline;

import dev.ragline.bench.BenchArguments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PipelineBenchmarkOptionsTest {

	@Test
	void comparesWithTheBullmqPipelineOnlyWhenAskedTo() {
		assertThat(PipelineBenchmark.Options.parse(new String[] { "--no-stream" }).withBullmq()).isFalse();
		assertThat(PipelineBenchmark.Options.parse(new String[] { "--no-stream", "--with-bullmq" }).withBullmq())
			.isTrue();
	}

	@Test
	void refusesTheComparisonWhereTheBaselineCannotDoWhatRaglineDoes() {
		// the Node + BullMQ pipeline neither streams nor has a cold mode of its own
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> PipelineBenchmark.Options.parse(new String[] { "--with-bullmq" }))
			.withMessageContaining("--no-stream");
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(
					() -> PipelineBenchmark.Options.parse(new String[] { "--with-bullmq", "--no-stream", "--cold" }))
			.withMessageContaining("without --cold");
	}

}
