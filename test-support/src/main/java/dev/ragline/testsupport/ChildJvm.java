package dev.ragline.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A service started in a JVM of its own, with the test's classpath, so a test can kill it
 * the hard way ({@code SIGKILL}): no shutdown hook, no commit, nothing flushed; or stop
 * it as an operator would ({@code SIGTERM}), and read what it printed.
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final Path log;

	private ChildJvm(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/** Starts {@code mainClass} with {@code args}; its output goes to {@code log}. */
	public static ChildJvm start(Class<?> mainClass, List<String> args, Path log) {
		return start(mainClass, args, Map.of(), log);
	}

	/**
	 * Starts {@code mainClass} with {@code args} and extra environment variables; its
	 * output goes to {@code log}.
	 */
	public static ChildJvm start(Class<?> mainClass, List<String> args, Map<String, String> environment, Path log) {
		return start(List.of(), mainClass, args, environment, log);
	}

	/**
	 * As {@link #start(Class, List, Map, Path)}, with JVM options (e.g.
	 * {@code -Dlogging.config=classpath:logback.xml} to log as the application does
	 * rather than as tests do).
	 */
	public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, List<String> args,
			Map<String, String> environment, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		// the C1 compiler only: a child starts faster on two cores, and tests are short
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(args);
		return launch(command, environment, log);
	}

	/**
	 * Starts {@code command} (a script that ends in {@code exec java}, say) with extra
	 * environment variables; its output goes to {@code log}.
	 */
	public static ChildJvm startCommand(List<String> command, Map<String, String> environment, Path log) {
		return launch(command, environment, log);
	}

	private static ChildJvm launch(List<String> command, Map<String, String> environment, Path log) {
		try {
			File output = log.toFile();
			output.getParentFile().mkdirs();
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(output));
			builder.environment().putAll(environment);
			return new ChildJvm(builder.start(), log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + command, ex);
		}
	}

	/**
	 * Waits until the JVM printed {@code text} (a banner's last line, say), and returns
	 * everything it printed.
	 * @throws IllegalStateException when it ends first or does not print it in time
	 */
	public String awaitOutput(String text, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String output = output();
			if (output.contains(text)) {
				return output;
			}
			if (!isAlive()) {
				throw new IllegalStateException("Ended before printing '" + text + "'; it printed:\n" + output);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
		throw new IllegalStateException(
				"Did not print '" + text + "' within " + timeout + "; it printed:\n" + output());
	}

	/** Kills the JVM at once, as {@code kill -9} would, and waits until it is gone. */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
	}

	/**
	 * Asks the JVM to stop, as {@code kill} (SIGTERM) or Ctrl-C would: its shutdown hooks
	 * run.
	 */
	public void terminate() {
		this.process.destroy();
	}

	/** Waits for the JVM to end; its exit status, or empty when it still runs. */
	public OptionalInt awaitExit(Duration timeout) {
		try {
			if (this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return OptionalInt.of(this.process.exitValue());
			}
			return OptionalInt.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return OptionalInt.empty();
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	/** Everything the JVM printed so far. */
	public String output() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Kills the JVM at once and then whatever it started that still runs (the
	 * redis-server of {@code ./ragline infra}, say), which a {@code kill -9} of the JVM
	 * alone would leave behind.
	 */
	@Override
	public void close() {
		List<ProcessHandle> descendants = this.process.descendants().toList();
		if (this.process.isAlive()) {
			kill();
		}
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

}
