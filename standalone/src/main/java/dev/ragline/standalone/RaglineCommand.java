package dev.ragline.standalone;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import dev.ragline.standalone.cli.Arguments;
import dev.ragline.standalone.cli.ConsoleLogging;
import dev.ragline.standalone.cli.StartupFailure;
import dev.ragline.standalone.client.AskCommand;
import dev.ragline.standalone.client.CompareCommand;
import dev.ragline.standalone.client.StatusCommand;
import dev.ragline.standalone.infra.InfraCommand;
import dev.ragline.standalone.infra.InfraOptions;
import dev.ragline.standalone.run.RunCommand;

/**
 * The Java side of the {@code ./ragline} script: {@code standalone} (the default),
 * {@code infra}, {@code run} and {@code index}; {@code ask} and {@code status}, clients
 * of a running query-ingest that start without a Spring context; and
 * {@code cds-training}, which the script runs itself ({@link ClassArchiveTraining}). A
 * command that cannot start says why in one line and ends the JVM with a non-zero status,
 * stopping what it had started; the whole story is in the log file under
 * {@code RAGLINE_HOME/logs}.
 */
public final class RaglineCommand {

	private RaglineCommand() {
	}

	public static void main(String[] args) {
		String command = (args.length > 0 && !args[0].startsWith("--")) ? args[0] : "standalone";
		String[] rest = (args.length > 0 && !args[0].startsWith("--")) ? Arrays.copyOfRange(args, 1, args.length)
				: args;
		Map<String, String> env = System.getenv();
		PrintStream out = System.out;
		PrintStream err = System.err;
		boolean debug = Arrays.asList(rest).contains("--debug");
		if (CommandHelp.exists(command) && CommandHelp.asked(rest)) {
			out.print(CommandHelp.of(command));
			System.exit(0);
		}
		switch (command) {
			case "standalone" -> {
				Arguments parsed = parse(command, rest, StandaloneOptions.VALUED, StandaloneOptions.FLAGS, 0, err);
				ConsoleLogging.configure("standalone", debug, env);
				start(command, StandaloneOptions.PORT_OPTIONS, debug, err,
						() -> StandaloneLauncher.run(parsed, env, out));
			}
			case "infra" -> {
				Arguments parsed = parse(command, rest, InfraCommand.VALUED, InfraCommand.FLAGS, 0, err);
				ConsoleLogging.configure("infra", debug, env);
				start(command, InfraOptions.PORT_OPTIONS, debug, err, () -> InfraCommand.start(parsed, env, out));
			}
			case "run" -> {
				Arguments parsed = parse(command, rest, RunCommand.VALUED, RunCommand.FLAGS, 1, err);
				ConsoleLogging.configure(RunCommand.logName(parsed), debug, env);
				start(command, RunCommand.PORT_OPTIONS, debug, err, () -> RunCommand.start(parsed, env, out));
			}
			case "cds-training" -> {
				// run by the ./ragline script, not by users
				ConsoleLogging.configure("cds-training", debug, env);
				start(command, Map.of(), debug, err, () -> ClassArchiveTraining.run(out));
				System.exit(0);
			}
			case "index" -> {
				ConsoleLogging.configure("index", debug, env);
				System.exit(IndexCommand.run(rest, env, out, err));
			}
			case "ask" -> System.exit(AskCommand.run(rest, env, out, err));
			case "status" -> System.exit(StatusCommand.run(rest, env, out, err));
			case "compare" -> System.exit(CompareCommand.run(rest, env, out, err));
			default -> {
				err.println("ragline: unknown command '" + command + "'; see ./ragline help");
				System.exit(2);
			}
		}
	}

	/**
	 * Runs a command that starts servers and leaves them running; when it fails, reports
	 * why and exits.
	 */
	private static void start(String command, Map<String, String> portOptions, boolean debug, PrintStream err,
			Runnable start) {
		try {
			start.run();
		}
		catch (Throwable ex) {
			System.exit(StartupFailure.report(command, ex, portOptions, err, debug));
		}
	}

	/**
	 * The arguments of a command that passes settings on to Spring; a mistake in them
	 * ends the JVM with status 2, saying what is wrong and where the help is.
	 */
	private static Arguments parse(String command, String[] args, Set<String> valued, Set<String> flags,
			int maxPositional, PrintStream err) {
		try {
			return Arguments.parseWithSettings(args, valued, flags, maxPositional);
		}
		catch (IllegalArgumentException ex) {
			err.println("ragline " + command + ": " + ex.getMessage() + "; see ./ragline " + command + " --help");
			System.exit(2);
			return null;
		}
	}

}
