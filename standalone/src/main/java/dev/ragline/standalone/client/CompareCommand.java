package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.contracts.MessageJson;
import dev.ragline.ingest.comparison.ComparisonReport;
import dev.ragline.ingest.comparison.ComparisonReport.Figures;
import dev.ragline.standalone.cli.Arguments;

/**
 * {@code ./ragline compare}: the report of the latest shadow comparisons ({@code GET
 * /api/comparisons}) as a table per backend and model, primary and shadow side by side,
 * then how much their answers agree; with {@code --json} as received. {@code --set=MODE}
 * (with {@code --share} and {@code --shadow-backend}) first sets the experiment for every
 * llm-worker ({@code PUT /api/experiment}), {@code --reset} removes it.
 */
public final class CompareCommand {

	static final String USAGE = "Usage: ./ragline compare [--url=" + QueryIngestClient.DEFAULT_URL
			+ "] [--api-key=KEY] [--limit=1000] [--json]\n"
			+ "       [--set=off|shadow|split [--share=0.1] [--shadow-backend=ollama|vllm]] [--reset]";

	static final Set<String> VALUED = Set.of("url", "api-key", "limit", "set", "share", "shadow-backend");

	static final Set<String> FLAGS = Set.of("json", "reset");

	private static final String NOTHING = "-";

	private CompareCommand() {
	}

	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		return ClientCommand.run(args, VALUED, FLAGS, USAGE, err, (arguments) -> compare(arguments, env, out));
	}

	private static int compare(Arguments arguments, Map<String, String> env, PrintStream out) {
		if (!arguments.positional().isEmpty()) {
			throw new IllegalArgumentException("compare takes no arguments, only options");
		}
		int limit = arguments.value("limit").map(Integer::parseInt).orElse(1000);
		QueryIngestClient client = QueryIngestClient.of(arguments, env);
		if (arguments.flag("reset") || arguments.value("set").isPresent()) {
			ExperimentView view = ResponseJson.read(client.shareExperiment(experimentJson(arguments)),
					ExperimentView.class);
			out.print(describe(view));
		}
		String report = client.comparisons(limit);
		out.print(arguments.flag("json") ? ResponseJson.pretty(report) + "\n"
				: render(ResponseJson.read(report, ComparisonReport.class)));
		out.flush();
		return ClientCommand.EXIT_OK;
	}

	/** What {@code GET /api/experiment} answers. */
	record ExperimentView(ExperimentSetting shared, List<WorkerExperiment> workers) {

	}

	/** One llm-worker's experiment. */
	record WorkerExperiment(String instance, String role, ExperimentSetting experiment) {

	}

	/** The body of the PUT, or {@code null} for {@code --reset}. */
	static String experimentJson(Arguments arguments) {
		if (arguments.flag("reset")) {
			if (arguments.value("set").isPresent()) {
				throw new IllegalArgumentException("--set and --reset exclude each other");
			}
			return null;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("mode", arguments.value("set").orElseThrow());
		arguments.value("share").ifPresent((share) -> body.put("share", Double.parseDouble(share)));
		arguments.value("shadow-backend").ifPresent((backend) -> body.put("shadowBackend", backend));
		return MessageJson.toString(body);
	}

	static String describe(ExperimentView view) {
		StringBuilder text = new StringBuilder(
				(view.shared() != null) ? "Experiment shared with every llm-worker: " + describe(view.shared()) + "\n"
						: "No experiment shared: each llm-worker runs its own ragline.experiment.*\n");
		view.workers()
			.forEach((worker) -> text.append("  ")
				.append(worker.instance())
				.append(" runs ")
				.append(describe(worker.experiment()))
				.append(" (workers take a change up within a second)\n"));
		return text.append('\n').toString();
	}

	private static String describe(ExperimentSetting setting) {
		return switch (setting.mode()) {
			case ExperimentSetting.SHADOW ->
				format("shadow, %.0f%% of the queries, answered by %s and also asked of %s", setting.share() * 100,
						setting.shadowPrimary(), setting.shadowBackend());
			case ExperimentSetting.SPLIT ->
				format("split, %.0f%% of the queries answered by Ollama instead of vLLM", setting.share() * 100);
			default -> "off";
		};
	}

	static String render(ComparisonReport report) {
		if (report.comparisons() == 0) {
			return "No shadow comparisons yet: ./ragline compare --set=shadow --share=0.1 switches every llm-worker "
					+ "to the shadow experiment (or the console's Compare view, or PUT /api/experiment)\n";
		}
		TextTable table = new TextTable("ROLE", "BACKEND", "MODEL", "CALLS", "ERRORS", "P50 MS", "P95 MS",
				"FIRST TOKEN P50", "TOKENS/S P50");
		for (Figures figures : report.backends()) {
			table.row(figures.role(), figures.backend(), String.valueOf(figures.model()),
					Integer.toString(figures.count()),
					figures.errors() + format(" (%.0f%%)", figures.errorRate() * 100), number(figures.latencyP50Ms()),
					number(figures.latencyP95Ms()), number(figures.timeToFirstTokenP50Ms()),
					number(figures.tokensPerSecondP50()));
		}
		return "Shadow comparisons: the latest " + report.comparisons() + "\n" + table.render() + "\n"
				+ "Answers agree on "
				+ ((report.sourceAgreement() != null) ? format("%.0f%%", report.sourceAgreement() * 100) : NOTHING)
				+ " of their cited passages; their meaning's similarity is "
				+ ((report.answerSimilarity() != null) ? format("%.2f", report.answerSimilarity()) : NOTHING)
				+ " (cosine of their embeddings, 1 = the same; means over the answered shadows)\n";
	}

	private static String number(Double value) {
		return (value != null) ? format("%.0f", value) : NOTHING;
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
