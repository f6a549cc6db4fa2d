package dev.ragline.infra;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the process listening on a TCP port from Linux's {@code /proc}: the socket's
 * inode from {@code /proc/net/tcp} (and {@code tcp6}), then the process whose file
 * descriptors include it. Elsewhere, or without the permission to look, it knows nothing.
 */
final class PortHolder {

	private static final Path PROC = Path.of("/proc");

	/** {@code st} of a listening socket in /proc/net/tcp. */
	private static final String LISTEN = "0A";

	private PortHolder() {
	}

	/** E.g. {@code pid 4242 (redis-server)}, or {@code null} when it cannot be known. */
	static String describe(int port) {
		Optional<String> inode = listeningInode(port);
		if (inode.isEmpty()) {
			return null;
		}
		return owner(inode.get()).map((pid) -> "pid " + pid + " (" + command(pid) + ")").orElse(null);
	}

	private static Optional<String> listeningInode(int port) {
		String hexPort = String.format(Locale.ROOT, "%04X", port);
		for (String table : List.of("net/tcp", "net/tcp6")) {
			try {
				for (String line : Files.readAllLines(PROC.resolve(table))) {
					String[] fields = line.trim().split("\\s+");
					if (fields.length > 9 && fields[1].endsWith(":" + hexPort) && LISTEN.equals(fields[3])) {
						return Optional.of(fields[9]);
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// not Linux, or not allowed to read it
			}
		}
		return Optional.empty();
	}

	private static Optional<String> owner(String inode) {
		String target = "socket:[" + inode + "]";
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path process : processes) {
				if (holds(process, target)) {
					return Optional.of(process.getFileName().toString());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// no /proc
		}
		return Optional.empty();
	}

	private static boolean holds(Path process, String socket) {
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
			for (Path descriptor : descriptors) {
				if (socket.equals(Files.readSymbolicLink(descriptor).toString())) {
					return true;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// another user's process, or it just ended
		}
		return false;
	}

	/**
	 * The program's file name, from its command line ({@code comm} is cut at 15 bytes).
	 */
	private static String command(String pid) {
		try {
			String commandLine = Files.readString(PROC.resolve(pid).resolve("cmdline"));
			int end = commandLine.indexOf('\0');
			String program = ((end >= 0) ? commandLine.substring(0, end) : commandLine).strip().split("\\s+")[0];
			return program.isBlank() ? "unknown command" : Path.of(program).getFileName().toString();
		}
		catch (IOException | RuntimeException ex) {
			return "unknown command";
		}
	}

}
