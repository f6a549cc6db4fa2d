package dev.ragline.standalone;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import dev.ragline.standalone.cli.CommandLines;
import dev.ragline.standalone.cli.ConsoleLogging;
import dev.ragline.standalone.cli.ServerArguments;
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
		switch (command) {
			case "standalone" -> {
				StandaloneArguments parsed = parse(new StandaloneArguments(env), rest, out, err);
				ConsoleLogging.configure("standalone", parsed.debug(), env);
				start(command, StandaloneOptions.PORT_OPTIONS, parsed.debug(), err,
						() -> StandaloneLauncher.run(parsed, env, out));
			}
			case "infra" -> {
				InfraCommand.Arguments parsed = parse(new InfraCommand.Arguments(env), rest, out, err);
				ConsoleLogging.configure("infra", parsed.debug(), env);
				start(command, InfraOptions.PORT_OPTIONS, parsed.debug(), err, () -> InfraCommand.start(parsed, out));
			}
			case "run" -> {
				RunCommand.Arguments parsed = parse(new RunCommand.Arguments(), rest, out, err);
				ConsoleLogging.configure(RunCommand.logName(parsed), parsed.debug(), env);
				start(command, RunCommand.PORT_OPTIONS, parsed.debug(), err, () -> RunCommand.start(parsed, env, out));
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
	 * The command line of a command that starts services; the help or a mistake in it
	 * ends the JVM (status 0 or 2), the mistake said in one line with where the help is.
	 */
	private static <T extends ServerArguments> T parse(T arguments, String[] args, PrintStream out, PrintStream err) {
		int status = CommandLines.parse(CommandLines.of(arguments, out, err), args, out, err);
		if (status != CommandLines.RUN) {
			System.exit(status);
		}
		return arguments;
	}

}
