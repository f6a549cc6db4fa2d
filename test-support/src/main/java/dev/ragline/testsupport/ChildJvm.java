package dev.ragline.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service started in a JVM of its own, with the test's classpath, so a test can kill it
 * the hard way ({@code SIGKILL}): no shutdown hook, no commit, nothing flushed.
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private ChildJvm(Process process) {
		this.process = process;
	}

	/** Starts {@code mainClass} with {@code args}; its output goes to {@code log}. */
	public static ChildJvm start(Class<?> mainClass, List<String> args, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(args);
		try {
			File output = log.toFile();
			output.getParentFile().mkdirs();
			return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(output))
				.start());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + mainClass.getName(), ex);
		}
	}

	/** Kills the JVM at once, as {@code kill -9} would, and waits until it is gone. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
