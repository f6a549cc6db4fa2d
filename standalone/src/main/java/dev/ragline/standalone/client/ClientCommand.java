package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.util.Set;
import java.util.function.ToIntFunction;

import dev.ragline.standalone.cli.Arguments;

/**
 * How {@code ./ragline ask} and {@code ./ragline status} end, so both end alike: a
 * mistake in the options is shown with the usage (exit status 2), anything that went
 * wrong with query-ingest in one line on stderr (exit status 1). Neither command passes
 * options on to Spring, so one it does not know is a mistake.
 */
final class ClientCommand {

	static final int EXIT_OK = 0;

	static final int EXIT_FAILED = 1;

	static final int EXIT_USAGE = 2;

	private ClientCommand() {
	}

	/**
	 * Parses {@code args} and runs {@code command} with them.
	 * @param command throws {@link IllegalArgumentException} for a mistake in the options
	 * it finds itself
	 * @return the exit status
	 */
	static int run(String[] args, Set<String> valued, Set<String> flags, String usage, PrintStream err,
			ToIntFunction<Arguments> command) {
		try {
			Arguments arguments = Arguments.parse(args, valued, flags);
			if (arguments.passedOn().length > 0) {
				throw new IllegalArgumentException("unknown option " + arguments.passedOn()[0]);
			}
			return command.applyAsInt(arguments);
		}
		catch (IllegalArgumentException ex) {
			err.println("ragline: " + ex.getMessage());
			err.println(usage);
			return EXIT_USAGE;
		}
		catch (QueryIngestException ex) {
			err.println("ragline: " + ex.getMessage());
			return EXIT_FAILED;
		}
	}

}
