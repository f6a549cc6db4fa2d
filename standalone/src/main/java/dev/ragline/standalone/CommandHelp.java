package dev.ragline.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The help of each command the launcher runs itself ({@code ./ragline COMMAND --help}),
 * kept as text under {@code help/} next to the classes; {@code index} has picocli's.
 */
final class CommandHelp {

	static final List<String> COMMANDS = List.of("standalone", "infra", "run", "ask", "status", "compare");

	private CommandHelp() {
	}

	static boolean exists(String command) {
		return COMMANDS.contains(command);
	}

	/** Whether {@code args} ask for the help ({@code -h} or {@code --help}). */
	static boolean asked(String[] args) {
		return Arrays.stream(args).anyMatch((arg) -> arg.equals("--help") || arg.equals("-h"));
	}

	static String of(String command) {
		try (InputStream text = CommandHelp.class.getResourceAsStream("/help/" + command + ".txt")) {
			if (text == null) {
				throw new IllegalStateException("No help for '" + command + "' in this build");
			}
			return new String(text.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
