package dev.ragline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.testsupport.ChildJvm;
import dev.ragline.testsupport.FakeVllm;

/**
 * ragline's services in processes of their own, started as a user starts them:
 * {@code ./ragline infra} and {@code ./ragline run SERVICE}, with a {@code RAGLINE_HOME}
 * of their own; their consoles go to files in it. A benchmark runs the script
 * ({@code ragline.script}, which {@code ./ragline bench} sets); a test inside the build,
 * where the script would start a build of its own, runs the launcher's jar with
 * {@code java -jar} ({@link #withJar}).
 */
public final class LauncherProcesses implements AutoCloseable {

	static final String SCRIPT_PROPERTY = "ragline.script";

	public static final Duration START = Duration.ofMinutes(2);

	/** How long a process may take to stop before it is killed. */
	public static final Duration STOP = Duration.ofSeconds(60);

	/** The last line of every service's ready banner. */
	public static final String RUNNING = "Ctrl-C stops it";

	private static final String STANDALONE_READY = "Ctrl-C stops everything.";

	private static final String INFRA_READY = "Ctrl-C stops Kafka and Redis";

	private static final Pattern KAFKA = Pattern.compile("Kafka\\s+(127\\.0\\.0\\.1:\\d+)");

	private static final Pattern REDIS = Pattern
		.compile("Redis\\s+(redis(?:-cluster)?://127\\.0\\.0\\.1:\\d+(?:,127\\.0\\.0\\.1:\\d+)*)");

	private static final Pattern HTTP_API = Pattern.compile("HTTP API\\s+(http://127\\.0\\.0\\.1:\\d+)/api/queries");

	private final List<String> launcher;

	private final Path home;

	private final List<ChildJvm> started = new ArrayList<>();

	private final Set<ChildJvm> stoppedGracefully = new HashSet<>();

	private int count;

	private LauncherProcesses(List<String> launcher, Path home) {
		this.launcher = List.copyOf(launcher);
		this.home = home;
	}

	/**
	 * Processes started with the {@code ./ragline} script that {@code ragline.script}
	 * names.
	 */
	public static LauncherProcesses create() throws IOException {
		String script = System.getProperty(SCRIPT_PROPERTY);
		if (script == null || !Files.isExecutable(Path.of(script))) {
			throw new IllegalStateException("This benchmark starts services with the ./ragline script; run it with "
					+ "./ragline bench, which sets -D" + SCRIPT_PROPERTY);
		}
		return new LauncherProcesses(List.of(script), Files.createTempDirectory("ragline-bench-home-"));
	}

	/** Processes started with {@code java -jar jar}, the launcher as built. */
	public static LauncherProcesses withJar(Path jar, Path home) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build the standalone module first");
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new LauncherProcesses(List.of(java, "-jar", jar.toString()), home);
	}

	/**
	 * Kafka, and Redis unless another is given, as {@code ./ragline infra} starts them.
	 */
	public record Infra(ChildJvm process, String bootstrapServers) {

	}

	/** Starts {@code ./ragline infra} with {@code args} and waits until it is ready. */
	public Infra infra(String... args) {
		List<String> arguments = new ArrayList<>(List.of("infra"));
		arguments.addAll(List.of(args));
		ChildJvm process = start("infra", arguments);
		return new Infra(process, find(KAFKA, process.awaitOutput(INFRA_READY, START)));
	}

	/** A whole pipeline as {@code ./ragline standalone} runs it, ready. */
	public record Standalone(ChildJvm process, String apiUrl, String bootstrapServers, String redisUrl) {

	}

	/**
	 * Starts {@code ./ragline standalone} with {@code args} and waits until it is ready.
	 */
	public Standalone standalone(List<String> args) {
		List<String> arguments = new ArrayList<>(List.of("standalone"));
		arguments.addAll(args);
		ChildJvm process = start("standalone", arguments);
		this.stoppedGracefully.add(process);
		String banner = process.awaitOutput(STANDALONE_READY, START);
		return new Standalone(process, find(HTTP_API, banner), find(KAFKA, banner), find(REDIS, banner));
	}

	/** The settings that have ragline's LLM stage ask {@code vllm} for {@code model}. */
	public static List<String> vllmSettings(FakeVllm vllm, String model) {
		return List.of("--ragline.vllm.base-url=" + vllm.baseUrl(), "--ragline.vllm.model=" + model);
	}

	/** The Redis URL an infra process printed. */
	public static String redisUrl(Infra infra) {
		return find(REDIS, infra.process().output());
	}

	/** Starts {@code ./ragline run} with {@code args}, without waiting for it. */
	public ChildJvm run(String name, List<String> args) {
		List<String> arguments = new ArrayList<>(List.of("run"));
		arguments.addAll(args);
		return start(name, arguments);
	}

	/**
	 * Runs {@code ./ragline index FILE} against {@code bootstrapServers} and waits until
	 * it has published every document.
	 * @throws IllegalStateException when it fails or does not end within {@code timeout}
	 */
	public void index(Path documents, String bootstrapServers, Duration timeout) {
		ChildJvm index = start("index",
				List.of("index", documents.toString(), "--bootstrap-servers", bootstrapServers));
		OptionalInt status = index.awaitExit(timeout);
		if (status.isEmpty() || status.getAsInt() != 0) {
			throw new IllegalStateException("./ragline index " + documents + " "
					+ (status.isEmpty() ? "did not end within " + timeout : "failed") + ":\n" + index.output());
		}
	}

	/** The base URL of the HTTP API a query-ingest process printed once it was ready. */
	public static String apiUrl(ChildJvm ingest) {
		return find(HTTP_API, ingest.awaitOutput(RUNNING, START));
	}

	private ChildJvm start(String name, List<String> arguments) {
		List<String> command = new ArrayList<>(this.launcher);
		command.addAll(arguments);
		ChildJvm process = ChildJvm.startCommand(command, Map.of("RAGLINE_HOME", this.home.toString()),
				this.home.resolve(name + "-" + (++this.count) + ".console.log"));
		this.started.add(process);
		return process;
	}

	public Path home() {
		return this.home;
	}

	/**
	 * Stops every process still running, the last started first: a standalone as Ctrl-C
	 * would, so that its shutdown deletes what it keeps in temporary directories (Kafka's
	 * log, Redis's data, the passage index: about 120 MB a run), killed only when it has
	 * not stopped within {@link #STOP}; the others at once, as {@code kill -9} (what they
	 * keep is in this instance's {@code RAGLINE_HOME}). Then whatever a process started.
	 */
	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			ChildJvm process = this.started.get(i);
			if (this.stoppedGracefully.contains(process) && process.isAlive()) {
				process.terminate();
				process.awaitExit(STOP);
			}
			process.close();
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
