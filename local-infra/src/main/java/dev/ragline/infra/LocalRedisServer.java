package dev.ragline.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} process on loopback, without persistence, stopped on
 * {@link #close()} (and when the JVM exits). The binary is the machine's own when one is
 * on the {@code PATH}, otherwise the one shipped in the {@code org.signal:embedded-redis}
 * artifact.
 */
public final class LocalRedisServer implements AutoCloseable {

	/** The port {@code ./ragline standalone} uses unless told otherwise. */
	public static final int DEFAULT_PORT = 6379;

	private static final Logger logger = LoggerFactory.getLogger(LocalRedisServer.class);

	private static final String HOST = "127.0.0.1";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration PING_INTERVAL = Duration.ofMillis(50);

	private static final int OUTPUT_LINES_KEPT = 40;

	private final Process process;

	private final int port;

	private final Path workDir;

	private final Thread shutdownHook;

	private LocalRedisServer(Process process, int port, Path workDir) {
		this.process = process;
		this.port = port;
		this.workDir = workDir;
		this.shutdownHook = new Thread(process::destroy, "redis-server-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a server on {@code port} ({@code 0} picks a free one) and waits until it
	 * answers PING.
	 */
	public static LocalRedisServer start(int port) {
		int serverPort = (port > 0) ? port : FreePorts.pick();
		Path executable = RedisExecutable.locate();
		Path workDir = createWorkDir();
		List<String> command = List.of(executable.toString(), "--port", Integer.toString(serverPort), "--bind", HOST,
				"--save", "", "--appendonly", "no", "--dir", workDir.toString(), "--daemonize", "no");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			Deque<String> output = drain(process);
			LocalRedisServer server = new LocalRedisServer(process, serverPort, workDir);
			server.awaitReady(output);
			logger.info("redis-server ({}) ready on {}", executable, server.url());
			return server;
		}
		catch (IOException ex) {
			FileTrees.deleteQuietly(workDir);
			throw new IllegalStateException("Could not start " + executable, ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** The URL clients use, e.g. {@code redis://127.0.0.1:6379}. */
	public String url() {
		return "redis://" + HOST + ":" + this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down
		}
		FileTrees.deleteQuietly(this.workDir);
	}

	private void awaitReady(Deque<String> output) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				close();
				throw new IllegalStateException("redis-server exited (is port " + this.port + " in use?):\n"
						+ String.join("\n", snapshot(output)));
			}
			if (answersPing()) {
				return;
			}
			sleep(PING_INTERVAL);
		}
		close();
		throw new IllegalStateException("redis-server did not answer PING within " + READY_TIMEOUT + ":\n"
				+ String.join("\n", snapshot(output)));
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] reply = socket.getInputStream().readNBytes(5);
			return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
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

	private static Path createWorkDir() {
		try {
			return Files.createTempDirectory("ragline-redis-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a redis-server work directory", ex);
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
