package dev.ragline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./ragline eval} on a tiny BEIR dataset, BM25 only (no model to load). */
class RetrievalEvaluationTest {

	@TempDir
	Path dataset;

	@TempDir
	Path runs;

	@Test
	void writesEachModesRankingsAsATrecRunFile() throws Exception {
		Files.writeString(this.dataset.resolve("corpus.jsonl"), """
				{"_id": "d1", "title": "Vitamin D", "text": "Vitamin D deficiency raises parathyroid hormone."}
				{"_id": "d2", "title": "Sleep", "text": "Sleep consolidates memory in the hippocampus."}
				{"_id": "d3", "title": "Exercise", "text": "Exercise lowers blood pressure in adults."}
				""");
		Files.writeString(this.dataset.resolve("queries.test.jsonl"), """
				{"_id": "q1", "text": "Does vitamin D deficiency raise parathyroid hormone?"}
				{"_id": "q2", "text": "Does sleep help memory?"}
				""");
		Files.createDirectories(this.dataset.resolve("qrels"));
		Files.writeString(this.dataset.resolve("qrels").resolve("test.tsv"),
				"query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");

		int status = RetrievalEvaluation.main(
				new String[] { "--data", this.dataset.toString(), "--modes", "bm25", "--runs", this.runs.toString() });

		assertThat(status).isZero();
		List<String> run = Files.readAllLines(this.runs.resolve("bm25.run"));
		assertThat(run).contains("q1 Q0 d1 1 " + countFor(run, "q1") + " ragline-bm25",
				"q2 Q0 d2 1 " + countFor(run, "q2") + " ragline-bm25");
		assertThat(run).allSatisfy((line) -> assertThat(line.split(" ")).hasSize(6));
		assertThat(this.runs.resolve("dense.run")).doesNotExist();
	}

	/** The score of a query's first document: how many documents its list holds. */
	private static long countFor(List<String> run, String query) {
		return run.stream().filter((line) -> line.startsWith(query + " ")).count();
	}

}
