package dev.ragline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.testsupport.ChildJvm;

/**
 * ragline's services in processes of their own, started exactly as a user starts them:
 * {@code ./ragline infra} and {@code ./ragline run SERVICE} (the script is
 * {@code ragline.script}, which {@code ./ragline bench} sets), with a
 * {@code RAGLINE_HOME} of their own. Their consoles go to files in it.
 */
final class LauncherProcesses implements AutoCloseable {

	static final String SCRIPT_PROPERTY = "ragline.script";

	static final Duration START = Duration.ofMinutes(2);

	/** The last line of every command's ready banner. */
	static final String RUNNING = "Ctrl-C stops it";

	private static final String INFRA_READY = "Ctrl-C stops Kafka and Redis";

	private static final Pattern KAFKA = Pattern.compile("Kafka\\s+(127\\.0\\.0\\.1:\\d+)");

	private static final Pattern REDIS = Pattern.compile("Redis\\s+(redis://127\\.0\\.0\\.1:\\d+)");

	private final Path script;

	private final Path home;

	private final List<ChildJvm> started = new ArrayList<>();

	private int count;

	private LauncherProcesses(Path script, Path home) {
		this.script = script;
		this.home = home;
	}

	static LauncherProcesses create() throws IOException {
		String script = System.getProperty(SCRIPT_PROPERTY);
		if (script == null || !Files.isExecutable(Path.of(script))) {
			throw new IllegalStateException("This benchmark starts services with the ./ragline script; run it with "
					+ "./ragline bench, which sets -D" + SCRIPT_PROPERTY);
		}
		return new LauncherProcesses(Path.of(script), Files.createTempDirectory("ragline-bench-home-"));
	}

	/** Kafka and Redis as {@code ./ragline infra} starts them. */
	record Infra(ChildJvm process, String bootstrapServers, String redisUrl) {

	}

	Infra infra(String... args) {
		List<String> arguments = new ArrayList<>(List.of("infra"));
		arguments.addAll(List.of(args));
		ChildJvm process = start("infra", arguments);
		String output = process.awaitOutput(INFRA_READY, START);
		return new Infra(process, find(KAFKA, output), find(REDIS, output));
	}

	/** Starts {@code ./ragline run} with {@code args}, without waiting for it. */
	ChildJvm run(String name, List<String> args) {
		List<String> arguments = new ArrayList<>(List.of("run"));
		arguments.addAll(args);
		return start(name, arguments);
	}

	ChildJvm start(String name, List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(this.script.toString()));
		command.addAll(arguments);
		ChildJvm process = ChildJvm.startCommand(command, Map.of("RAGLINE_HOME", this.home.toString()),
				this.home.resolve(name + "-" + (++this.count) + ".console.log"));
		this.started.add(process);
		return process;
	}

	Path home() {
		return this.home;
	}

	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			this.started.get(i).close();
		}
	}

	private static String find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + pattern + " in:\n" + output);
		}
		return matcher.group(1);
	}

}
