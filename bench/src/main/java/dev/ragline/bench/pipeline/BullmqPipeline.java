package dev.ragline.bench.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.infra.LocalPorts;
import dev.ragline.infra.LocalRedisServer;

/**
 * The Node + BullMQ pipeline of {@code bench/bullmq-baseline} (what a team would build
 * instead of ragline), running: its own redis-server and one Node process serving
 * ragline's HTTP API against the given vLLM. Needs {@code node} and {@code npm} on the
 * {@code PATH}; installs the baseline's packages from the npm registry on its first run.
 */
final class BullmqPipeline implements AutoCloseable {

	private static final Duration START = Duration.ofSeconds(60);

	private static final Pattern READY = Pattern.compile("ready on (\\d+)");

	private final LocalRedisServer redis;

	private final Process node;

	private final int httpPort;

	/** Stops the Node process when the benchmark's JVM ends before {@link #close()}. */
	private final Thread shutdownHook;

	private BullmqPipeline(LocalRedisServer redis, Process node, int httpPort) {
		this.redis = redis;
		this.node = node;
		this.httpPort = httpPort;
		this.shutdownHook = new Thread(node::destroy, "bullmq-baseline-stop");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts the baseline in {@code directory} (with its {@code pipeline.mjs}), its
	 * passages cut from {@code corpus}, calling {@code model} at {@code vllmBaseUrl}.
	 */
	static BullmqPipeline start(Path directory, Path corpus, String vllmBaseUrl, String model)
			throws IOException, InterruptedException {
		installPackages(directory);
		LocalRedisServer redis = LocalRedisServer.start(LocalPorts.pick());
		try {
			ProcessBuilder builder = new ProcessBuilder("node", "pipeline.mjs").directory(directory.toFile())
				.redirectErrorStream(true);
			builder.environment()
				.putAll(Map.of("BASELINE_HTTP_PORT", "0", "BASELINE_REDIS_PORT", Integer.toString(redis.port()),
						"BASELINE_VLLM_URL", vllmBaseUrl, "BASELINE_MODEL", model, "BASELINE_CORPUS",
						corpus.toAbsolutePath().toString()));
			Process node = builder.start();
			return new BullmqPipeline(redis, node, awaitReady(node));
		}
		catch (IOException | RuntimeException | InterruptedException ex) {
			redis.close();
			throw ex;
		}
	}

	/** The baseline's directory in this checkout, next to the benchmark's sources. */
	static Path directory() {
		String script = System.getProperty("ragline.script");
		Path root = (script != null) ? Path.of(script).toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
		return root.resolve("bench").resolve("bullmq-baseline");
	}

	String apiUrl() {
		return "http://" + LocalPorts.HOST + ":" + this.httpPort;
	}

	String redisUrl() {
		return this.redis.url();
	}

	long nodePid() {
		return this.node.pid();
	}

	long redisPid() {
		return this.redis.pid();
	}

	@Override
	public void close() {
		this.node.destroy();
		try {
			if (!this.node.waitFor(10, TimeUnit.SECONDS)) {
				this.node.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.node.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			this.redis.close();
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// the JVM is already shutting down
			}
		}
	}

	private static void installPackages(Path directory) throws IOException, InterruptedException {
		if (!Files.isRegularFile(directory.resolve("pipeline.mjs"))) {
			throw new IllegalStateException("No Node + BullMQ baseline in " + directory);
		}
		if (Files.isDirectory(directory.resolve("node_modules"))) {
			return;
		}
		System.out.println("Installing the Node + BullMQ baseline's packages (npm ci, once)...");
		Process npm;
		try {
			npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
				.directory(directory.toFile())
				.inheritIO()
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("--with-bullmq needs Node.js and npm on the PATH: " + ex.getMessage(), ex);
		}
		if (npm.waitFor() != 0) {
			throw new IllegalStateException("npm ci failed in " + directory + " (exit " + npm.exitValue() + ")");
		}
	}

	/** The HTTP port the Node process said it serves on; its other output is dropped. */
	private static int awaitReady(Process node) throws InterruptedException, IOException {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		StringBuffer said = new StringBuffer();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					Matcher ready = READY.matcher(line);
					if (ready.find()) {
						port.complete(Integer.parseInt(ready.group(1)));
					}
					else if (!port.isDone()) {
						said.append(line).append('\n');
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
			port.completeExceptionally(new IllegalStateException("The Node + BullMQ baseline ended: " + said));
		}, "bullmq-baseline-output");
		reader.setDaemon(true);
		reader.start();
		try {
			return port.get(START.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			node.destroyForcibly();
			throw new IOException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			node.destroyForcibly();
			throw new IOException(
					"The Node + BullMQ baseline was not ready after " + START.toSeconds() + " s: " + said);
		}
	}

	/** The sample corpus's path in this checkout. */
	static Path sampleCorpus() {
		return directory().getParent()
			.getParent()
			.resolve(Path.of("retriever-worker", "src", "main", "resources", "sample-corpus", "scifact-sample.jsonl"));
	}

}
