package dev.ragline.standalone.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Sets up logging before the first logger exists: everything goes to a log file under
 * {@code RAGLINE_HOME/logs}, stack traces included; the console gets the same lines
 * without stack traces, unless {@code --debug}. Read by the launcher's
 * {@code logback.xml}.
 */
public final class ConsoleLogging {

	static final String LOG_FILE = "ragline.log.file";

	static final String CONSOLE_EXCEPTIONS = "ragline.console.exceptions";

	private ConsoleLogging() {
	}

	/**
	 * @param name the log file's name without extension, e.g. {@code standalone}
	 * @return the log file
	 */
	public static Path configure(String name, boolean debug, Map<String, String> env) {
		Path file = RaglineHome.logs(env).resolve(name + ".log");
		System.setProperty(LOG_FILE, file.toString());
		System.setProperty(CONSOLE_EXCEPTIONS, debug ? "%ex" : "%nopex");
		return file;
	}

	/** The log file configured, or {@code null}. */
	public static String logFile() {
		return System.getProperty(LOG_FILE);
	}

}
