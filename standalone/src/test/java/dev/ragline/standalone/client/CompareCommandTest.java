package dev.ragline.standalone.client;

import java.util.Map;

import dev.ragline.ingest.comparison.ComparisonReport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CompareCommandTest {

	@Test
	void showsThePrimaryAndTheShadowSideBySideAndTheirAgreement() {
		String json = """
				{"generatedAt": "2026-12-06T12:00:00Z", "comparisons": 200,
				 "backends": [
				  {"role": "primary", "backend": "vllm", "model": "qwen", "count": 200, "errors": 0, "errorRate": 0.0,
				   "latencyP50Ms": 48.0, "latencyP95Ms": 71.0, "timeToFirstTokenP50Ms": 12.0, "tokensPerSecondP50": 310.4},
				  {"role": "shadow", "backend": "ollama", "model": "llama3.2", "count": 200, "errors": 3,
				   "errorRate": 0.015, "latencyP50Ms": 262.0, "latencyP95Ms": 301.0, "timeToFirstTokenP50Ms": 251.0,
				   "tokensPerSecondP50": 41.2}],
				 "sourceAgreement": 0.75, "answerSimilarity": 0.91}
				""";

		assertThat(CompareCommand.render(ResponseJson.read(json, ComparisonReport.class))).isEqualTo(
				"""
						Shadow comparisons: the latest 200
						ROLE     BACKEND  MODEL     CALLS  ERRORS  P50 MS  P95 MS  FIRST TOKEN P50  TOKENS/S P50
						primary  vllm     qwen      200    0 (0%)  48      71      12               310
						shadow   ollama   llama3.2  200    3 (2%)  262     301     251              41

						Answers agree on 75% of their cited passages; their meaning's similarity is 0.91 (cosine of their embeddings, 1 = the same; means over the answered shadows)
						""");
	}

	@Test
	void saysHowToStartTheExperimentWhenThereIsNothingToShow() {
		String json = """
				{"generatedAt": "2026-12-06T12:00:00Z", "comparisons": 0, "backends": [],
				 "sourceAgreement": null, "answerSimilarity": null}
				""";

		assertThat(CompareCommand.render(ResponseJson.read(json, ComparisonReport.class)))
			.contains("./ragline compare --set=shadow --share=0.1");
	}

	@Test
	void setsTheExperimentForEveryWorkerAndSaysWhatEachRuns() {
		assertThat(arguments("--set=shadow", "--share=0.25", "--shadow-backend=vllm").experimentJson())
			.isEqualTo("{\"mode\":\"shadow\",\"share\":0.25,\"shadowBackend\":\"vllm\"}");
		assertThat(arguments("--reset").experimentJson()).as("DELETE").isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> arguments("--set=split", "--reset").experimentJson());

		String json = """
				{"shared": {"mode": "shadow", "share": 0.25, "shadowBackend": "vllm", "changedAt": "2026-12-06T12:00:00Z"},
				 "workers": [{"instance": "host:7", "role": "primary",
				              "experiment": {"mode": "shadow", "share": 0.25, "shadowBackend": "vllm"}}]}
				""";
		assertThat(CompareCommand.describe(ResponseJson.read(json, CompareCommand.ExperimentView.class))).isEqualTo(
				"""
						Experiment shared with every llm-worker: shadow, 25% of the queries, answered by ollama and also asked of vllm
						  host:7 runs shadow, 25% of the queries, answered by ollama and also asked of vllm (workers take a change up within a second)

						""");
	}

	private static CompareCommand arguments(String... args) {
		CompareCommand command = new CompareCommand(Map.of(), System.out);
		new CommandLine(command).parseArgs(args);
		return command;
	}

}
