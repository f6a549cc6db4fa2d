package dev.ragline.bench.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.ragline.bench.BenchArguments;
import dev.ragline.bench.LauncherProcesses;
import dev.ragline.infra.LocalPorts;
import dev.ragline.infra.LocalRedisServer;
import dev.ragline.testsupport.ChildJvm;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;

/**
 * One chaos run: every service its own process ({@code ./ragline infra} for Kafka,
 * {@code ./ragline run} for query-ingest, two retrievers, two llm-workers and the
 * fallback worker), a redis-server with an append-only file, fake vLLM and Ollama. A
 * client submits queries at a steady rate while a random worker is killed with
 * {@code kill -9} every few seconds and started again, redis-server is killed and
 * restarted once (at 30 % of the submissions), vLLM answers 404 for a while (40-50 %, so
 * queries take the fallback), and the broker is killed and restarted once (60 %). Then it
 * waits for every accepted query to end and audits Redis and what the backends saw.
 */
public final class ChaosRun {

	private static final String VLLM_MODEL = "served-model";

	private static final String OLLAMA_MODEL = "llama3.2";

	private static final List<String> WORKERS = List.of("retriever-1", "retriever-2", "llm-1", "llm-2", "fallback-1");

	/**
	 * @param queries how many to submit
	 * @param rate submissions a second
	 * @param killEvery time between two {@code kill -9} of a worker
	 * @param latency each backend's answer time
	 * @param seed which workers are killed, and in which order
	 * @param drainTimeout longest wait, after the last submission, for every accepted
	 * query to end
	 */
	public record Options(int queries, int rate, Duration killEvery, Duration latency, long seed,
			Duration drainTimeout) {

		public static Options parse(String[] args) {
			Map<String, String> given = BenchArguments.parse(args,
					Set.of("queries", "rate", "kill-every-s", "latency-ms", "seed", "drain-timeout-s"));
			return new Options(BenchArguments.integer(given, "queries", 2000),
					BenchArguments.integer(given, "rate", 20),
					Duration.ofSeconds(BenchArguments.whole(given, "kill-every-s", 6)),
					Duration.ofMillis(BenchArguments.whole(given, "latency-ms", 200)),
					BenchArguments.whole(given, "seed", 1),
					Duration.ofSeconds(BenchArguments.whole(given, "drain-timeout-s", 300)));
		}

		Duration submitting() {
			return Duration.ofMillis(1000L * this.queries / this.rate);
		}

	}

	private final Options options;

	private final LauncherProcesses processes;

	private final PrintStream log;

	private final Random random;

	private final Map<String, ChildJvm> workers = new LinkedHashMap<>();

	private final Map<String, List<String>> workerArgs = new HashMap<>();

	private final List<String> faults = new ArrayList<>();

	private LocalRedisServer redis;

	private LauncherProcesses.Infra infra;

	private long start;

	public ChaosRun(Options options, LauncherProcesses processes, PrintStream log) {
		this.options = options;
		this.processes = processes;
		this.log = log;
		this.random = new Random(options.seed());
	}

	public ChaosReport run() throws Exception {
		Path redisData = this.processes.home().resolve("redis-data");
		int redisPort = LocalPorts.pick();
		int kafkaPort = LocalPorts.pick();
		try (FakeVllm vllm = FakeVllm.start(VLLM_MODEL).latency(this.options.latency());
				FakeOllama ollama = FakeOllama.start(OLLAMA_MODEL).latency(this.options.latency())) {
			this.redis = LocalRedisServer.start(redisPort, redisData);
			try {
				String[] infraArgs = { "--redis-url=" + this.redis.url(), "--kafka-port=" + kafkaPort };
				this.infra = this.processes.infra(infraArgs);
				String api = startServices(vllm, ollama);
				try (FinalWrites finalWrites = FinalWrites.watch(this.redis.url())) {
					Submissions submissions = new Submissions(api);
					Thread sender = new Thread(() -> send(submissions), "chaos-client");
					sender.start();
					this.start = System.nanoTime();
					makeFaults(sender, vllm, redisPort, redisData, infraArgs);
					long lastSent = System.nanoTime();
					List<Submissions.Submission> answered = submissions.all();
					note("all %d submissions answered; waiting for the accepted ones to end", answered.size());
					try (Audit audit = new Audit(this.redis.url())) {
						Duration drain = audit.awaitFinal(answered, this.options.drainTimeout(), lastSent);
						note("every accepted query ended, or the drain timeout passed");
						return audit.report(answered, vllm.generationRequests(), chats(ollama), finalWrites, drain,
								List.copyOf(this.faults));
					}
				}
			}
			finally {
				this.processes.close();
				this.redis.close();
			}
		}
	}

	private String startServices(FakeVllm vllm, FakeOllama ollama) {
		List<String> connection = List.of("--kafka-bootstrap=" + this.infra.bootstrapServers(),
				"--redis-url=" + this.redis.url(), "--server.port=0");
		ChildJvm ingest = this.processes.run("query-ingest", with(connection, "query-ingest"));
		List<String> llm = with(connection, "llm-worker", "--ragline.vllm.base-url=" + vllm.baseUrl(),
				"--ragline.vllm.model=" + VLLM_MODEL, "--ragline.ollama.base-url=" + ollama.baseUrl(),
				"--ragline.ollama.model=" + OLLAMA_MODEL);
		for (String name : WORKERS) {
			List<String> args;
			if (name.startsWith("retriever")) {
				args = with(connection, "retriever-worker", "--ragline.retriever.mode=bm25");
			}
			else if (name.startsWith("fallback")) {
				args = new ArrayList<>(llm);
				args.add("--role=fallback");
			}
			else {
				args = llm;
			}
			this.workerArgs.put(name, args);
			this.workers.put(name, this.processes.run(name, args));
		}
		String api = LauncherProcesses.apiUrl(ingest);
		this.workers.values()
			.forEach((worker) -> worker.awaitOutput(LauncherProcesses.RUNNING, LauncherProcesses.START));
		this.log.printf("All services running; submitting %d queries at %d/s%n", this.options.queries(),
				this.options.rate());
		return api;
	}

	private void send(Submissions submissions) {
		try {
			submissions.send(this.options.queries(), this.options.rate());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Kills and restarts while the client submits. */
	private void makeFaults(Thread sender, FakeVllm vllm, int redisPort, Path redisData, String[] infraArgs)
			throws InterruptedException {
		long total = this.options.submitting().toNanos();
		boolean redisRestarted = false;
		boolean brokerRestarted = false;
		boolean outage = false;
		boolean outageOver = false;
		long nextKill = this.options.killEvery().toNanos();
		while (sender.isAlive()) {
			long now = System.nanoTime() - this.start;
			if (!redisRestarted && now >= total * 3 / 10) {
				restartRedis(redisPort, redisData);
				redisRestarted = true;
			}
			else if (!outage && now >= total * 4 / 10) {
				vllm.failingWith(404);
				note("vLLM answers 404 from now on");
				this.faults.add("vLLM 404 for 10 % of the run");
				outage = true;
			}
			else if (outage && !outageOver && now >= total * 5 / 10) {
				vllm.failingTimes(0, 404);
				note("vLLM answers again");
				outageOver = true;
			}
			else if (!brokerRestarted && now >= total * 6 / 10) {
				restartBroker(infraArgs);
				brokerRestarted = true;
				// kills resume a period after the broker is back, not all at once
				nextKill = System.nanoTime() - this.start + this.options.killEvery().toNanos();
			}
			else if (now >= nextKill) {
				killAWorker();
				nextKill = now + this.options.killEvery().toNanos();
			}
			sender.join(100);
		}
	}

	private void killAWorker() {
		String name = WORKERS.get(this.random.nextInt(WORKERS.size()));
		this.workers.get(name).kill();
		note("kill -9 %s; starting it again", name);
		this.workers.put(name, this.processes.run(name, this.workerArgs.get(name)));
		this.faults.add("kill -9 " + name);
	}

	private void restartRedis(int port, Path dataDir) throws InterruptedException {
		ProcessHandle.of(this.redis.pid()).ifPresent((process) -> {
			process.destroyForcibly();
			process.onExit().join();
		});
		this.redis.close();
		note("kill -9 redis-server");
		TimeUnit.SECONDS.sleep(1);
		this.redis = LocalRedisServer.start(port, dataDir);
		note("redis-server started again from its append-only file");
		this.faults.add("kill -9 redis-server, restarted after 1 s");
	}

	private void restartBroker(String[] infraArgs) throws InterruptedException {
		this.infra.process().kill();
		long killed = System.nanoTime();
		note("kill -9 the broker (./ragline infra)");
		TimeUnit.SECONDS.sleep(1);
		this.infra = this.processes.infra(infraArgs);
		note("broker started again from its log");
		this.faults
			.add(String.format("kill -9 the Kafka broker, restarted after 1 s, ready again %.1f s after the kill",
					(System.nanoTime() - killed) / 1e9));
	}

	private static List<FakeVllm.Recorded> chats(FakeOllama ollama) {
		return ollama.requests().stream().filter((request) -> request.path().startsWith("/api/chat")).toList();
	}

	private void note(String format, Object... args) {
		this.log.printf("%6.1f s  %s%n", (System.nanoTime() - this.start) / 1e9, String.format(format, args));
	}

	private static List<String> with(List<String> common, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(common);
		return all;
	}

}
