package dev.ragline.ingest.comparison;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.Comparison;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonReportTest {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	@Test
	void sumsUpThePrimaryAndTheShadowPerBackendAndModel() {
		List<Comparison> comparisons = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			comparisons.add(answered(100L * i, 10L * i, 1.0, 0.5));
		}
		comparisons.add(new Comparison("shadow", "q-failed", "ollama", "llama3.2", "failed", "HTTP 500", NOW, 30L, null,
				null, null, "vllm", "qwen", 20L, 5L, 80.0, null, null));

		ComparisonReport report = ComparisonReport.of(comparisons, NOW);

		assertThat(report.comparisons()).isEqualTo(11);
		ComparisonReport.Figures primary = report.backends().get(0);
		assertThat(primary.role()).isEqualTo("primary");
		assertThat(primary.backend()).isEqualTo("vllm");
		assertThat(primary.count()).isEqualTo(11);
		assertThat(primary.errors()).isZero();
		assertThat(primary.latencyP50Ms()).isEqualTo(50.0);
		ComparisonReport.Figures shadow = report.backends().get(1);
		assertThat(shadow.role()).isEqualTo("shadow");
		assertThat(shadow.model()).isEqualTo("llama3.2");
		assertThat(shadow.count()).isEqualTo(11);
		assertThat(shadow.errors()).isEqualTo(1);
		assertThat(shadow.errorRate()).isEqualTo(1.0 / 11);
		assertThat(shadow.latencyP50Ms()).as("answered calls only").isEqualTo(500.0);
		assertThat(shadow.latencyP95Ms()).isEqualTo(1000.0);
		assertThat(report.sourceAgreement()).isEqualTo(1.0);
		assertThat(report.answerSimilarity()).isEqualTo(0.5);
	}

	@Test
	void anEmptyLogIsAnEmptyReport() {
		ComparisonReport report = ComparisonReport.of(List.of(), NOW);

		assertThat(report.comparisons()).isZero();
		assertThat(report.backends()).isEmpty();
		assertThat(report.sourceAgreement()).isNull();
	}

	private static Comparison answered(long shadowMillis, long primaryMillis, double agreement, double overlap) {
		return new Comparison("shadow", "q-" + shadowMillis, "ollama", "llama3.2", "answered", null, NOW, shadowMillis,
				shadowMillis / 2, 40.0, "Shadow [1].", "vllm", "qwen", primaryMillis, primaryMillis / 2, 120.0,
				agreement, overlap);
	}

}
