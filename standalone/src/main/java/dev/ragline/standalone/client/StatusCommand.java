package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ragline.ingest.pipeline.PipelineView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ragline status}: the pipeline as query-ingest sees it ({@code GET
 * /api/pipeline}), as tables on the terminal ({@link PipelineTables}) or, with
 * {@code --json}, as received. With {@code --watch} it is shown again every
 * {@value #REFRESH_SECONDS} s until Ctrl-C; a failure is then shown in its place and the
 * next refresh tries again, so the view survives a restarting query-ingest.
 */
@Command(name = "ragline status", sortOptions = false, customSynopsis = "./ragline status [options]",
		description = "Shows a running pipeline: consumer groups and their lag, workers with their calls in flight, "
				+ "circuit breakers and backend latencies, reroutes by reason, the answer cache's hit rate.",
		optionListHeading = "%nOptions:%n", footer = "%nOptions take --name=value or --name value.")
public final class StatusCommand implements Callable<Integer> {

	static final long REFRESH_SECONDS = 2;

	/** ANSI: cursor to the top left, then clear the screen. */
	static final String CLEAR_SCREEN = "\033[H\033[2J";

	@Mixin
	private ClientCommand.Options queryIngest;

	@Option(names = "--json", description = "print the pipeline document (GET /api/pipeline) as JSON")
	private boolean json;

	@Option(names = "--watch", description = "refresh every " + REFRESH_SECONDS + " s until Ctrl-C")
	private boolean watch;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "show this help and exit")
	private boolean help;

	private final Map<String, String> env;

	private final PrintStream out;

	private StatusCommand(Map<String, String> env, PrintStream out) {
		this.env = env;
		this.out = out;
	}

	/**
	 * Shows the pipeline, once or until Ctrl-C.
	 * @return the exit status
	 */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		return ClientCommand.run(new StatusCommand(env, out), args, out, err);
	}

	@Override
	public Integer call() {
		QueryIngestClient client = this.queryIngest.client(this.env);
		if (!this.watch) {
			this.out.print(show(client, this.json));
			this.out.flush();
			return ClientCommand.EXIT_OK;
		}
		while (!Thread.currentThread().isInterrupted()) {
			String screen;
			try {
				screen = show(client, this.json);
			}
			catch (QueryIngestException ex) {
				screen = "ragline: " + ex.getMessage() + "\n";
			}
			this.out.print(CLEAR_SCREEN + "Every " + REFRESH_SECONDS + " s; Ctrl-C stops\n\n" + screen);
			this.out.flush();
			try {
				Thread.sleep(Duration.ofSeconds(REFRESH_SECONDS).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return ClientCommand.EXIT_OK;
	}

	private static String show(QueryIngestClient client, boolean json) {
		String pipeline = client.pipeline();
		return json ? ResponseJson.pretty(pipeline) + "\n"
				: PipelineTables.render(ResponseJson.read(pipeline, PipelineView.class));
	}

}
