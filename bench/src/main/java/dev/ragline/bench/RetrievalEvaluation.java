package dev.ragline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.embedding.OnnxEmbedder;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.documents.DocumentFiles;
import dev.ragline.retriever.documents.Progress;
import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.retriever.index.PassageSplitter;
import dev.ragline.retriever.index.RankFusion;
import dev.ragline.retriever.index.RetrievalMode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code ./ragline eval --data DIR}: indexes a BEIR dataset with the retriever's own
 * index and settings (the defaults every deployment gets), runs every judged query in
 * each mode and prints nDCG@10 and Recall@100 (as {@code trec_eval} computes them, BEIR's
 * identical-id rule applied) and per-query latency; then tunes hybrid fusion by
 * cross-validation ({@link FusionCrossValidation}).
 */
@Command(name = "ragline eval", sortOptions = false,
		description = {
				"Evaluate retrieval on a BEIR dataset: nDCG@10, Recall@100 and latency for bm25, dense and "
						+ "hybrid, the indexing rate, and hybrid fusion tuned by 2-fold cross-validation.",
				"The retriever's settings apply as a deployment gets them (RAGLINE_RETRIEVER_* variables)." })
final class RetrievalEvaluation implements Callable<Integer> {

	static final int NDCG_DEPTH = 10;

	static final int RECALL_DEPTH = 100;

	/** Documents indexed between two updates of the progress bar. */
	private static final int BATCH = 64;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "show this help and exit")
	private boolean help;

	@Option(names = "--data", required = true, paramLabel = "DIR",
			description = "a BEIR dataset: corpus.jsonl, queries.jsonl (or queries.test.jsonl), qrels/test.tsv")
	private Path dataset;

	@Option(names = "--modes", split = ",", paramLabel = "MODE", description = "bm25, dense, hybrid (default: all)")
	private List<RetrievalMode> modes = List.of(RetrievalMode.values());

	@Option(names = "--threads", paramLabel = "N", description = "threads embedding documents (default: one per core)")
	private int threads = Runtime.getRuntime().availableProcessors();

	@Option(names = "--runs", paramLabel = "DIR",
			description = "also write each mode's rankings to DIR/MODE.run, in TREC run format (for trec_eval or fusion elsewhere)")
	private Path runs;

	static int main(String[] args) {
		return new CommandLine(new RetrievalEvaluation()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
	}

	@Override
	public Integer call() throws Exception {
		if (!Files.isRegularFile(this.dataset.resolve("corpus.jsonl"))) {
			System.err.println("eval: " + this.dataset + " is not a BEIR dataset (no corpus.jsonl); see eval --help");
			return 2;
		}
		if (this.runs != null) {
			Files.createDirectories(this.runs);
		}
		run(this.dataset, this.modes, this.threads, this.runs);
		return 0;
	}

	private static void run(Path dataset, List<RetrievalMode> modes, int threads, Path runs) throws Exception {
		// the retriever's settings as a deployment would get them: defaults, or
		// RAGLINE_RETRIEVER_* variables
		RetrieverProperties settings = Binder.get(new StandardEnvironment())
			.bindOrCreate("ragline.retriever", RetrieverProperties.class);
		Judgements judgements = Judgements.read(dataset);
		List<DocumentMessage> corpus = DocumentFiles.read(dataset.resolve("corpus.jsonl"));
		boolean dense = modes.stream().anyMatch(RetrievalMode::needsEmbeddings);
		System.out.printf(
				"Evaluating %s: %d documents, %d judged queries; passages of %d words (overlap %d), "
						+ "fusion depth %d, %s%n",
				dataset, corpus.size(), judgements.queries().size(), settings.passageWords(),
				settings.passageOverlapWords(), settings.candidates(),
				new RankFusion(settings.rrfK(), settings.denseWeight()));
		try (OnnxEmbedder embedder = dense ? new OnnxEmbedder(settings.embeddingModel(), threads) : null;
				PassageIndex index = new PassageIndex(
						new PassageSplitter(settings.passageWords(), settings.passageOverlapWords()), embedder,
						new RankFusion(settings.rrfK(), settings.denseWeight()))) {
			long start = System.nanoTime();
			for (int from = 0; from < corpus.size(); from += BATCH) {
				index.upsert(corpus.subList(from, Math.min(corpus.size(), from + BATCH)));
				System.err.print("\rIndexing " + new Progress(Math.min(corpus.size(), from + BATCH), corpus.size(),
						Duration.ofNanos(System.nanoTime() - start))
					.bar(30, "documents") + "   ");
			}
			System.err.println();
			index.refresh();
			double seconds = (System.nanoTime() - start) / 1e9;
			PassageIndex.Size size = index.size();
			List<String[]> rows = new ArrayList<>();
			for (RetrievalMode mode : modes) {
				rows.add(evaluate(index, judgements, mode, settings.candidates(), runs));
			}
			System.out.printf("%nIndex: %d documents, %d passages in %.1f s = %.0f documents/s (%s)%n%n",
					size.documents(), size.passages(), seconds, size.documents() / seconds,
					dense ? "BM25 + " + settings.embeddingModel() + " embeddings, " + threads + " threads"
							: "BM25 only");
			Table.print(new String[] { "mode", "nDCG@10", "Recall@100", "latency p50", "latency p99", "queries" },
					rows);
			if (modes.contains(RetrievalMode.HYBRID)) {
				new FusionCrossValidation(index, judgements).print(
						new RankFusion(settings.rrfK(), settings.denseWeight()),
						PassageIndex.evaluationDepth(RECALL_DEPTH + 1, settings.candidates()));
			}
		}
	}

	private static String[] evaluate(PassageIndex index, Judgements judgements, RetrievalMode mode, int candidates,
			Path runs) throws IOException {
		// warm up the code paths (and the JIT) before anything is timed
		judgements.queries()
			.values()
			.stream()
			.limit(50)
			.forEach((text) -> index.searchDocuments(text, RECALL_DEPTH, mode, candidates));
		List<Double> ndcg = new ArrayList<>();
		List<Double> recall = new ArrayList<>();
		List<Double> latencies = new ArrayList<>();
		StringBuilder run = new StringBuilder();
		String name = mode.name().toLowerCase(Locale.ROOT);
		for (Map.Entry<String, String> query : judgements.queries().entrySet()) {
			long start = System.nanoTime();
			List<String> ranking = index.searchDocuments(query.getValue(), RECALL_DEPTH + 1, mode, candidates);
			latencies.add((System.nanoTime() - start) / 1e6);
			List<String> judged = ranking.stream()
				.filter((id) -> !id.equals(query.getKey()))
				.limit(RECALL_DEPTH)
				.toList();
			ndcg.add(judgements.ndcg(query.getKey(), judged, NDCG_DEPTH));
			recall.add(judgements.recall(query.getKey(), judged, RECALL_DEPTH));
			for (int rank = 0; rank < judged.size(); rank++) {
				// query, Q0, document, rank, score (higher is better), run name
				run.append(query.getKey())
					.append(" Q0 ")
					.append(judged.get(rank))
					.append(' ')
					.append(rank + 1)
					.append(' ')
					.append(judged.size() - rank)
					.append(" ragline-")
					.append(name)
					.append('\n');
			}
		}
		if (runs != null) {
			Files.writeString(runs.resolve(name + ".run"), run);
		}
		return new String[] { name, String.format("%.4f", mean(ndcg)), String.format("%.4f", mean(recall)),
				String.format("%.1f ms", Stats.median(latencies)),
				String.format("%.1f ms", Stats.percentile(latencies, 99)), Integer.toString(ndcg.size()) };
	}

	private static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
	}

}
