package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ragline.standalone.cli.CommandLines;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What {@code ./ragline ask}, {@code status} and {@code compare} share: the options that
 * say where query-ingest is ({@link Options}, mixed into each command), and how they end:
 * a mistake in the options in one line with where the help is (exit status 2), anything
 * that went wrong with query-ingest in one line on stderr (exit status 1). Neither passes
 * options on to Spring, so one it does not know is a mistake.
 */
final class ClientCommand {

	static final int EXIT_OK = 0;

	static final int EXIT_FAILED = 1;

	static final int EXIT_USAGE = CommandLines.EXIT_USAGE;

	private ClientCommand() {
	}

	/**
	 * Parses {@code args} into {@code command} and calls it.
	 * @return the exit status
	 */
	static int run(Callable<Integer> command, String[] args, PrintStream out, PrintStream err) {
		CommandLine line = CommandLines.of(command, out, err);
		line.setExecutionExceptionHandler((ex, failed, parsed) -> {
			if (ex instanceof QueryIngestException) {
				err.println("ragline: " + ex.getMessage());
				return EXIT_FAILED;
			}
			if (ex instanceof IllegalArgumentException) {
				// a mistake the command found itself, in a value picocli could read
				return CommandLines.report(new ParameterException(failed, ex.getMessage(), ex), err);
			}
			throw ex;
		});
		return line.execute(args);
	}

	/** Where query-ingest is, and its key. */
	static final class Options {

		@Option(names = "--url", paramLabel = "URL",
				description = "query-ingest (default " + QueryIngestClient.DEFAULT_URL + ")")
		private String url = QueryIngestClient.DEFAULT_URL;

		@Option(names = "--api-key", paramLabel = "KEY",
				description = "its API key, when it has one (or " + QueryIngestClient.API_KEY_ENV + ")")
		private String apiKey;

		/** The client these options name; the key from the environment when not given. */
		QueryIngestClient client(Map<String, String> env) {
			return QueryIngestClient.of(this.url,
					(this.apiKey != null) ? this.apiKey : env.get(QueryIngestClient.API_KEY_ENV));
		}

	}

}
