package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.ragline.ingest.pipeline.PipelineView;
import dev.ragline.standalone.cli.Arguments;

/**
 * {@code ./ragline status}: the pipeline as query-ingest sees it ({@code GET
 * /api/pipeline}), as tables on the terminal ({@link PipelineTables}) or, with
 * {@code --json}, as received. With {@code --watch} it is shown again every
 * {@value #REFRESH_SECONDS} s until Ctrl-C; a failure is then shown in its place and the
 * next refresh tries again, so the view survives a restarting query-ingest.
 */
public final class StatusCommand {

	static final String USAGE = "Usage: ./ragline status [--url=" + QueryIngestClient.DEFAULT_URL
			+ "] [--api-key=KEY] [--json] [--watch]";

	static final long REFRESH_SECONDS = 2;

	/** ANSI: cursor to the top left, then clear the screen. */
	static final String CLEAR_SCREEN = "\033[H\033[2J";

	static final Set<String> VALUED = Set.of("url", "api-key");

	static final Set<String> FLAGS = Set.of("json", "watch");

	private StatusCommand() {
	}

	/**
	 * Shows the pipeline, once or until Ctrl-C.
	 * @return the exit status
	 */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		return ClientCommand.run(args, VALUED, FLAGS, USAGE, err, (arguments) -> status(arguments, env, out));
	}

	private static int status(Arguments arguments, Map<String, String> env, PrintStream out) {
		if (!arguments.positional().isEmpty()) {
			throw new IllegalArgumentException("status takes no arguments, only options");
		}
		QueryIngestClient client = QueryIngestClient.of(arguments, env);
		boolean json = arguments.flag("json");
		if (!arguments.flag("watch")) {
			out.print(show(client, json));
			out.flush();
			return ClientCommand.EXIT_OK;
		}
		while (!Thread.currentThread().isInterrupted()) {
			String screen;
			try {
				screen = show(client, json);
			}
			catch (QueryIngestException ex) {
				screen = "ragline: " + ex.getMessage() + "\n";
			}
			out.print(CLEAR_SCREEN + "Every " + REFRESH_SECONDS + " s; Ctrl-C stops\n\n" + screen);
			out.flush();
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
