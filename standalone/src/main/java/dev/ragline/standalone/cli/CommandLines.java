package dev.ragline.standalone.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code ./ragline} command reads its command line, with picocli: options as
 * {@code --name=value} or {@code --name value}, {@code -h}/{@code --help} from the
 * command's annotations, and a mistake reported in one line that names the command and
 * where its help is (exit status {@value #EXIT_USAGE}), with picocli's suggestion for a
 * misspelt option. Commands that start services also take Spring settings
 * ({@link #settings}).
 */
public final class CommandLines {

	public static final int EXIT_USAGE = 2;

	/** Returned by {@link #parse} when the command is to run. */
	public static final int RUN = -1;

	/**
	 * A Spring setting: {@code --name.with.dots=value} (an index in brackets allowed).
	 */
	private static final Pattern SETTING = Pattern.compile("--[A-Za-z0-9_-]+(\\.[A-Za-z0-9_\\[\\]-]+)+=.*",
			Pattern.DOTALL);

	private static final int HELP_WIDTH = 100;

	/**
	 * Long enough for {@code --kafka-bootstrap=HOST:PORT} on the line of its description.
	 */
	private static final int LONG_OPTIONS_WIDTH = 32;

	private CommandLines() {
	}

	/** A command line for {@code command} (an object with picocli's annotations). */
	public static CommandLine of(Object command, PrintStream out, PrintStream err) {
		CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
			.setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH)
			.setUsageHelpWidth(HELP_WIDTH)
			.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
			.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
		line.setParameterExceptionHandler((ex, args) -> report(ex, err));
		line.getCommandSpec().usageMessage().descriptionHeading("%n").parameterListHeading("%n");
		return line;
	}

	/**
	 * Parses {@code args} into the command's fields; shows the help when asked.
	 * @return {@link #RUN}, or the status to exit with: 0 after the help,
	 * {@value #EXIT_USAGE} after a mistake (reported on {@code err})
	 */
	public static int parse(CommandLine line, String[] args, PrintStream out, PrintStream err) {
		try {
			line.parseArgs(args);
			if (line.getCommand() instanceof Validated validated && !line.isUsageHelpRequested()) {
				validated.validate();
			}
		}
		catch (ParameterException ex) {
			return report(ex, err);
		}
		if (line.isUsageHelpRequested()) {
			line.usage(out);
			return 0;
		}
		return RUN;
	}

	/**
	 * The arguments picocli did not match, which a command that starts services passes on
	 * to Spring: each must be a setting with a dotted name and a value
	 * ({@code --server.port=8181}).
	 * @throws ParameterException naming the first that is not
	 */
	public static String[] settings(CommandLine line, List<String> unmatched) {
		for (String arg : unmatched) {
			if (!SETTING.matcher(arg).matches()) {
				String name = arg.replaceFirst("=.*", "");
				throw new ParameterException(line,
						(arg.startsWith("-") ? "unknown option " + name
								+ " (a service setting is given as --name=value, with its dotted name, "
								+ "e.g. --server.port=8181)" : "unexpected argument '" + arg + "'"));
			}
		}
		return unmatched.toArray(String[]::new);
	}

	/** A command that checks its arguments further once picocli has read them. */
	public interface Validated {

		/**
		 * @throws ParameterException for a mistake
		 */
		void validate();

	}

	/** Reports a mistake on the command line in one line (plus picocli's suggestions). */
	public static int report(ParameterException ex, PrintStream err) {
		CommandLine line = ex.getCommandLine();
		String command = line.getCommandName();
		err.println(command + ": " + ex.getMessage() + "; see ./" + command + " --help");
		if (ex instanceof UnmatchedArgumentException unmatched) {
			List<String> suggestions = unmatched.getSuggestions();
			if (!suggestions.isEmpty()) {
				err.println("  did you mean " + String.join(" or ", suggestions) + "?");
			}
		}
		err.flush();
		return EXIT_USAGE;
	}

}
