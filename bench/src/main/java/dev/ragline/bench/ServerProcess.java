package dev.ragline.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ApiServer} started from this benchmark's own jar in a child JVM, on a free
 * loopback port, and stopped (gracefully, then forcibly) on close.
 */
final class ServerProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration STOP = Duration.ofSeconds(20);

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	/** Whether it started; the log of one that did not is kept to read why. */
	private boolean started;

	private ServerProcess(String name, Process process, int port, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts {@code api-server which} with {@code settings} ({@code --name=value}) in a
	 * JVM with {@code javaOptions}, and waits until it answers HTTP.
	 */
	static ServerProcess start(String which, List<String> javaOptions, List<String> settings)
			throws IOException, InterruptedException {
		String jar = System.getProperty("java.class.path");
		if (!jar.endsWith(".jar") || jar.contains(java.io.File.pathSeparator)) {
			throw new IllegalStateException("bench api starts its servers from the bench jar; run it with "
					+ "./ragline bench api (class path here: " + jar + ")");
		}
		int port = freePort();
		Path log = Files.createTempFile("ragline-bench-" + which + "-", ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(javaOptions);
		command.addAll(List.of("-jar", jar, "api-server", which, "--server.port=" + port, "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off"));
		command.addAll(settings);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
			.start();
		ServerProcess server = new ServerProcess(which, process, port, log);
		server.awaitHttp();
		return server;
	}

	int port() {
		return this.port;
	}

	private void awaitHttp() throws InterruptedException {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " server exited during startup; see " + this.log);
			}
			try (KeepAliveHttpClient client = new KeepAliveHttpClient("127.0.0.1", this.port)) {
				if (client.get("/actuator/health").status() == 200) {
					this.started = true;
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		close();
		throw new IllegalStateException(this.name + " server did not answer within " + STARTUP + "; see " + this.log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		if (this.started) {
			try {
				Files.deleteIfExists(this.log);
			}
			catch (IOException ex) {
				// a log left in the temp directory
			}
		}
	}

}
