package dev.ragline.infra;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} process on loopback, stopped on {@link #close()} (and when
 * the JVM exits). The binary is the machine's own when one is on the {@code PATH},
 * otherwise the one shipped in the {@code org.signal:embedded-redis} artifact.
 *
 * <p>
 * Only its owner stops it: it runs in a session of its own (with {@code setsid}, where
 * the machine has it), so a Ctrl-C in the terminal, which signals every process of the
 * foreground group, reaches this JVM and not the server. The JVM then stops its services
 * while their Redis still answers, and stops the server after them
 * ({@link #closedByCallerAtExit()}).
 *
 * <p>
 * It is ready only once the server on its port is <em>this</em> process (the
 * {@code process_id} it reports is the child's): a port held by another Redis is refused
 * with a {@link PortInUseException}, never used. Without a data directory it keeps
 * nothing; with one it writes an append-only file there and reads it again on the next
 * start.
 */
public final class LocalRedisServer implements AutoCloseable {

	/** The port {@code ./ragline standalone} uses unless told otherwise. */
	public static final int DEFAULT_PORT = 6379;

	/** The name ports in use are reported under. */
	public static final String SERVER = "Redis";

	private static final Logger logger = LoggerFactory.getLogger(LocalRedisServer.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);

	private static final int OUTPUT_LINES_KEPT = 40;

	private final Process process;

	private final int port;

	private final Path workDir;

	private final boolean temporary;

	private final Thread shutdownHook;

	private LocalRedisServer(Process process, int port, Path workDir, boolean temporary) {
		this.process = process;
		this.port = port;
		this.workDir = workDir;
		this.temporary = temporary;
		this.shutdownHook = new Thread(process::destroy, "redis-server-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a server without persistence on {@code port} ({@code 0} picks a free one)
	 * and waits until it answers.
	 * @throws PortInUseException when something else listens on {@code port}
	 */
	public static LocalRedisServer start(int port) {
		return start(port, null);
	}

	/**
	 * As {@link #start(int)}; with a {@code dataDir} the data is kept there (append-only
	 * file) and read again by the next start, else it is gone when the server stops.
	 */
	public static LocalRedisServer start(int port, Path dataDir) {
		return start(port, dataDir, List.of());
	}

	/**
	 * A node of a {@link LocalRedisCluster}: cluster mode on, its cluster bus on
	 * {@code busPort}, no persistence, and a node counted as failed after
	 * {@code nodeTimeout} without an answer.
	 */
	static LocalRedisServer startClusterNode(int port, int busPort, Duration nodeTimeout) {
		LocalPorts.requireFree(busPort, SERVER + " cluster bus");
		return start(port, null,
				List.of("--cluster-enabled", "yes", "--cluster-port", Integer.toString(busPort),
						"--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
						Long.toString(nodeTimeout.toMillis())));
	}

	private static LocalRedisServer start(int port, Path dataDir, List<String> extraArguments) {
		int serverPort = (port > 0) ? port : LocalPorts.pick();
		LocalPorts.requireFree(serverPort, SERVER);
		Path executable = RedisExecutable.locate();
		boolean temporary = dataDir == null;
		Path workDir = temporary ? createTempDir() : createDir(dataDir);
		List<String> command = new ArrayList<>(ownSession());
		command.addAll(List.of(executable.toString(), "--port", Integer.toString(serverPort), "--bind", LocalPorts.HOST,
				"--dir", workDir.toString(), "--daemonize", "no", "--save", ""));
		command.addAll(temporary ? List.of("--appendonly", "no") : List.of("--appendonly", "yes"));
		command.addAll(extraArguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			Deque<String> output = drain(process);
			LocalRedisServer server = new LocalRedisServer(process, serverPort, workDir, temporary);
			server.awaitReady(output);
			logger.info("redis-server ({}, pid {}) ready on {}{}", executable, process.pid(), server.url(),
					temporary ? "" : ", data in " + workDir);
			return server;
		}
		catch (IOException ex) {
			if (temporary) {
				FileTrees.deleteQuietly(workDir);
			}
			throw new IllegalStateException("Could not start " + executable, ex);
		}
	}

	public int port() {
		return this.port;
	}

	/**
	 * Leaves stopping this server at JVM exit to the caller's own shutdown hook, which
	 * closes it after whatever uses it. The server's own hook, a guard against an
	 * orphaned redis-server, would run at the same time as the caller's (the JVM starts
	 * all hooks at once) and stop the server while its clients are still stopping.
	 */
	public void closedByCallerAtExit() {
		Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
	}

	/** The process id of the redis-server. */
	public long pid() {
		return this.process.pid();
	}

	/** The URL clients use, e.g. {@code redis://127.0.0.1:6379}. */
	public String url() {
		return "redis://" + LocalPorts.HOST + ":" + this.port;
	}

	/**
	 * Kills the server at once ({@code SIGKILL}), as a crash would, without the clean
	 * shutdown {@link #close()} gives it; its temporary directory stays until
	 * {@link #close()}.
	 */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit();
	}

	@Override
	public void close() {
		this.process.destroy();
		awaitExit();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down
		}
		if (this.temporary) {
			FileTrees.deleteQuietly(this.workDir);
		}
	}

	private void awaitExit() {
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits until the server on the port reports this child's process id: a foreign
	 * server answering there would report its own.
	 */
	private void awaitReady(Deque<String> output) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				close();
				String holder = PortHolder.describe(this.port);
				if (holder != null) {
					throw new PortInUseException(SERVER, this.port, holder);
				}
				throw new IllegalStateException(
						"redis-server exited at start:\n" + String.join("\n", snapshot(output)));
			}
			OptionalLong answering = RedisProbe.processId(this.port);
			if (answering.isPresent()) {
				if (answering.getAsLong() == this.process.pid()) {
					return;
				}
				close();
				throw new PortInUseException(SERVER, this.port, "another Redis, pid " + answering.getAsLong());
			}
			sleep(PROBE_INTERVAL);
		}
		close();
		throw new IllegalStateException(
				"redis-server did not answer within " + READY_TIMEOUT + ":\n" + String.join("\n", snapshot(output)));
	}

	/**
	 * {@code setsid}, which runs the server in a session and process group of its own
	 * (replacing itself with it, so the process id stays the server's), or nothing where
	 * the machine has no {@code setsid}.
	 */
	private static List<String> ownSession() {
		String path = System.getenv("PATH");
		if (path == null) {
			return List.of();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path setsid = Path.of(dir.isEmpty() ? "." : dir, "setsid");
			if (Files.isRegularFile(setsid) && Files.isExecutable(setsid)) {
				return List.of(setsid.toString());
			}
		}
		return List.of();
	}

	private static Deque<String> drain(Process process) {
		Deque<String> lines = new ArrayDeque<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					logger.debug("redis-server: {}", line);
					synchronized (lines) {
						lines.addLast(line);
						if (lines.size() > OUTPUT_LINES_KEPT) {
							lines.removeFirst();
						}
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}, "redis-server-output");
		reader.setDaemon(true);
		reader.start();
		return lines;
	}

	private static List<String> snapshot(Deque<String> lines) {
		synchronized (lines) {
			return List.copyOf(lines);
		}
	}

	private static Path createTempDir() {
		try {
			return Files.createTempDirectory("ragline-redis-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a redis-server work directory", ex);
		}
	}

	private static Path createDir(Path dir) {
		try {
			return Files.createDirectories(dir).toAbsolutePath();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create the Redis data directory " + dir, ex);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for redis-server", ex);
		}
	}

}
