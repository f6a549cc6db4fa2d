package dev.ragline.standalone.cli;

import java.io.PrintStream;
import java.util.Map;

import dev.ragline.infra.LocalPorts;
import dev.ragline.infra.PortInUseException;
import io.lettuce.core.RedisConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user in one line why a command could not start, and what to change; the whole
 * stack trace goes to the log file (and to the console with {@code --debug}).
 */
public final class StartupFailure {

	/** The exit status of a command that could not start. */
	public static final int EXIT_STATUS = 1;

	private static final Logger logger = LoggerFactory.getLogger("dev.ragline.startup");

	private StartupFailure() {
	}

	/**
	 * Reports {@code failure}.
	 * @param portOptions the command's option for each server's port, e.g.
	 * {@code Kafka -> --kafka-port}
	 * @return the exit status to end with
	 */
	public static int report(String command, Throwable failure, Map<String, String> portOptions, PrintStream err,
			boolean debug) {
		logger.error("ragline {} could not start", command, failure);
		String logFile = ConsoleLogging.logFile();
		err.println("ragline: " + describe(failure, portOptions)
				+ ((logFile != null && !debug) ? " (details in " + logFile + ")" : ""));
		if (debug) {
			failure.printStackTrace(err);
		}
		err.flush();
		return EXIT_STATUS;
	}

	/** The failure in one line: what is wrong and what to do. */
	static String describe(Throwable failure, Map<String, String> portOptions) {
		PortInUseException ours = find(failure, PortInUseException.class);
		if (ours != null) {
			return portInUse(ours.port(), (ours.holder() != null) ? ours.holder() : "another " + ours.server() + "?",
					portOptions.get(ours.server()));
		}
		org.springframework.boot.web.server.PortInUseException web = find(failure,
				org.springframework.boot.web.server.PortInUseException.class);
		if (web != null) {
			return portInUse(web.getPort(), "another web server?", portOptions.get("HTTP"));
		}
		RedisConnectionException redis = find(failure, RedisConnectionException.class);
		if (redis != null) {
			return "cannot reach Redis (" + firstLine(redis.getMessage()) + "); start it with ./ragline infra, "
					+ "or name a running one with --redis-url=redis://HOST:PORT";
		}
		for (Class<? extends RuntimeException> plain : new Class[] { AlreadyRunningException.class,
				IllegalArgumentException.class }) {
			RuntimeException known = find(failure, plain);
			if (known != null) {
				return known.getMessage();
			}
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return (root == failure) ? message : firstLine(failure.getMessage()) + ": " + message;
	}

	private static String portInUse(int port, String holder, String option) {
		String line = "port " + port + " is in use (" + holder + ")";
		return (option != null) ? line + "; stop it or start with " + option + "=" + LocalPorts.nextFreeAfter(port)
				: line;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "could not start";
		}
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		Throwable current = failure;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

}
