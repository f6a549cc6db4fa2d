package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ragline.ingest.comparison.ComparisonReport;
import dev.ragline.ingest.comparison.ComparisonReport.Figures;
import dev.ragline.standalone.cli.Arguments;

/**
 * {@code ./ragline compare}: the report of the latest shadow comparisons ({@code GET
 * /api/comparisons}) as a table per backend and model, primary and shadow side by side,
 * then how much their answers agree; with {@code --json} as received.
 */
public final class CompareCommand {

	static final String USAGE = "Usage: ./ragline compare [--url=" + QueryIngestClient.DEFAULT_URL
			+ "] [--api-key=KEY] [--limit=1000] [--json]";

	static final Set<String> VALUED = Set.of("url", "api-key", "limit");

	static final Set<String> FLAGS = Set.of("json");

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
		String report = QueryIngestClient.of(arguments, env).comparisons(limit);
		out.print(arguments.flag("json") ? ResponseJson.pretty(report) + "\n"
				: render(ResponseJson.read(report, ComparisonReport.class)));
		out.flush();
		return ClientCommand.EXIT_OK;
	}

	static String render(ComparisonReport report) {
		if (report.comparisons() == 0) {
			return "No shadow comparisons yet: start the llm-workers with ragline.experiment.mode=shadow "
					+ "(or POST {\"mode\":\"shadow\",\"share\":0.1} to their /actuator/experiment)\n";
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
