package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.contracts.MessageJson;
import dev.ragline.ingest.comparison.ComparisonReport;
import dev.ragline.ingest.comparison.ComparisonReport.Figures;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ragline compare}: the report of the latest shadow comparisons ({@code GET
 * /api/comparisons}) as a table per backend and model, primary and shadow side by side,
 * then how much their answers agree; with {@code --json} as received. {@code --set=MODE}
 * (with {@code --share} and {@code --shadow-backend}) first sets the experiment for every
 * llm-worker ({@code PUT /api/experiment}), {@code --reset} removes it.
 */
@Command(name = "ragline compare", sortOptions = false, customSynopsis = "./ragline compare [options]",
		description = { "Compares the backends on real questions: the latest shadow comparisons (GET "
				+ "/api/comparisons), made by llm-workers running the shadow experiment. Per backend and model, the "
				+ "primary's answers and the shadow's side by side: calls, errors, latency p50/p95, time to first "
				+ "token, tokens per second; then how much the two answers agree (cited passages in common, "
				+ "similarity of meaning by the retriever's embedding model).", "",
				"--set switches the experiment for every llm-worker first (PUT /api/experiment; they take it up "
						+ "within a second), --reset removes it (each worker goes back to its ragline.experiment.*)." },
		optionListHeading = "%nOptions:%n", footer = "%nOptions take --name=value or --name value.")
public final class CompareCommand implements Callable<Integer> {

	private static final String NOTHING = "-";

	@Mixin
	private ClientCommand.Options queryIngest;

	@Option(names = "--limit", paramLabel = "N",
			description = "the latest N comparisons (default ${DEFAULT-VALUE}, at most 10000)")
	private int limit = 1000;

	@Option(names = "--json", description = "print the report (GET /api/comparisons) as JSON")
	private boolean json;

	@Option(names = "--set", paramLabel = "MODE",
			description = "off, shadow (a share of the queries is also asked of the other backend) or split (a "
					+ "share is answered by Ollama instead of vLLM)")
	String set;

	@Option(names = "--share", paramLabel = "S", description = "the share of queries the experiment takes, 0 to 1")
	Double share;

	@Option(names = "--shadow-backend", paramLabel = "B",
			description = "where shadow calls go: ollama (vLLM answers, the default) or vllm (Ollama answers the "
					+ "share, vLLM is asked too)")
	String shadowBackend;

	@Option(names = "--reset", description = "remove the shared experiment")
	boolean reset;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "show this help and exit")
	private boolean help;

	private final Map<String, String> env;

	private final PrintStream out;

	CompareCommand(Map<String, String> env, PrintStream out) {
		this.env = env;
		this.out = out;
	}

	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		return ClientCommand.run(new CompareCommand(env, out), args, out, err);
	}

	@Override
	public Integer call() {
		QueryIngestClient client = this.queryIngest.client(this.env);
		if (this.reset || this.set != null) {
			ExperimentView view = ResponseJson.read(client.shareExperiment(experimentJson()), ExperimentView.class);
			this.out.print(describe(view));
		}
		String report = client.comparisons(this.limit);
		this.out.print(this.json ? ResponseJson.pretty(report) + "\n"
				: render(ResponseJson.read(report, ComparisonReport.class)));
		this.out.flush();
		return ClientCommand.EXIT_OK;
	}

	/** What {@code GET /api/experiment} answers. */
	record ExperimentView(ExperimentSetting shared, List<WorkerExperiment> workers) {

	}

	/** One llm-worker's experiment. */
	record WorkerExperiment(String instance, String role, ExperimentSetting experiment) {

	}

	/** The body of the PUT, or {@code null} for {@code --reset}. */
	String experimentJson() {
		if (this.reset) {
			if (this.set != null) {
				throw new IllegalArgumentException("--set and --reset exclude each other");
			}
			return null;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("mode", this.set);
		if (this.share != null) {
			body.put("share", this.share);
		}
		if (this.shadowBackend != null) {
			body.put("shadowBackend", this.shadowBackend);
		}
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
