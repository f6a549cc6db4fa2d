package dev.ragline.standalone;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import dev.ragline.infra.LocalPorts;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.llm.ollama.OllamaProperties;
import dev.ragline.llm.vllm.VllmProperties;
import dev.ragline.standalone.cli.InstanceLock;
import dev.ragline.standalone.cli.RaglineHome;
import dev.ragline.standalone.infra.LocalInfrastructure;

/**
 * {@code ./ragline standalone}: starts a real redis-server, a real Kafka broker (KRaft,
 * in this JVM) and every ragline service on loopback, with the bundled sample corpus, and
 * prints what runs where. Stops everything on Ctrl-C. Only one runs at a time (per
 * {@code RAGLINE_HOME}); a second one says where the first one is and exits.
 */
public final class StandaloneLauncher implements AutoCloseable {

	/** The sample corpus is embedded by the retriever before it reports ready. */
	static final Duration RETRIEVER_READY_TIMEOUT = Duration.ofMinutes(3);

	static final String HTTP_SERVER = "HTTP";

	private final LocalInfrastructure infrastructure;

	private final RaglineServices services;

	private StandaloneLauncher(LocalInfrastructure infrastructure, RaglineServices services) {
		this.infrastructure = infrastructure;
		this.services = services;
	}

	/**
	 * Runs the standalone mode for {@code ./ragline standalone}: everything keeps running
	 * after this returns, until the JVM ends.
	 */
	static void run(StandaloneArguments args, Map<String, String> env, PrintStream out) {
		long start = System.nanoTime();
		StandaloneOptions options = args.options();
		InstanceLock lock = InstanceLock.acquire(RaglineHome.dir(env).resolve("standalone.lock"),
				"a ragline standalone");
		try {
			StandaloneLauncher standalone = start(options, args.settings());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				standalone.close();
				lock.close();
			}, "ragline-standalone-shutdown"));
			// Redis stops in that hook, after the services that write to it
			standalone.infrastructure.closedByCallerAtExit();
			lock.describe("pid " + ProcessHandle.current().pid() + ", HTTP API " + standalone.apiUrl() + ", Kafka "
					+ standalone.infrastructure.bootstrapServers() + ", Redis " + standalone.infrastructure.redisUrl());
			standalone.printReady(out, Duration.ofNanos(System.nanoTime() - start));
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
	}

	/**
	 * Starts Redis, then Kafka with the pipeline's topics and the sample corpus, then the
	 * services, and waits until the retriever has indexed the corpus; whatever started is
	 * stopped again if a later step fails.
	 */
	static StandaloneLauncher start(StandaloneOptions options, String... args) {
		if (options.httpPort() > 0) {
			// before anything starts: a taken HTTP port should not cost a broker start
			LocalPorts.requireFree(options.httpPort(), HTTP_SERVER);
		}
		LocalInfrastructure infrastructure = LocalInfrastructure.start(options.infra(), args);
		RaglineServices services = null;
		try {
			services = RaglineServices.start(Map.of("spring.kafka.bootstrap-servers", infrastructure.bootstrapServers(),
					"ragline.redis.url", infrastructure.redisUrl(), "server.port", options.httpPort(), "server.address",
					LocalPorts.HOST), args);
			services.awaitRetrieverReady(RETRIEVER_READY_TIMEOUT);
			return new StandaloneLauncher(infrastructure, services);
		}
		catch (RuntimeException ex) {
			if (services != null) {
				services.close();
			}
			infrastructure.close();
			throw ex;
		}
	}

	/** The base URL of the HTTP API. */
	String apiUrl() {
		return "http://" + LocalPorts.HOST + ":" + this.services.httpPort();
	}

	RaglineServices services() {
		return this.services;
	}

	LocalInfrastructure infrastructure() {
		return this.infrastructure;
	}

	@Override
	public void close() {
		try {
			this.services.close();
		}
		finally {
			// also when a service fails to stop: Redis, in a session of its own, would
			// outlive this JVM
			this.infrastructure.close();
		}
	}

	void printReady(PrintStream out, Duration startup) {
		TopicsProperties topics = this.services.retriever().getBean(TopicsProperties.class);
		VllmProperties vllm = this.services.llm().getBean(VllmProperties.class);
		OllamaProperties ollama = this.services.llm().getBean(OllamaProperties.class);
		String api = apiUrl();
		out.printf("%nragline standalone is ready (%.1f s)%n", startup.toMillis() / 1000.0);
		out.printf("  Console    %s/%n", api);
		out.printf("  HTTP API   %s/api/queries%n", api);
		out.printf("  Kafka      %s%s   topics: %s, %s, %s, %s%n", this.infrastructure.bootstrapServers(),
				this.infrastructure.ownsKafka() ? "" : " (existing)", topics.queries(), topics.retrieved(),
				topics.fallback(), topics.dead());
		out.printf("  Redis      %s%s   results at ragline:query:{id}%n", this.infrastructure.redisUrl(),
				this.infrastructure.ownsRedisCluster() ? " (a local Redis Cluster of three masters)"
						: this.infrastructure.ownsRedis() ? "" : " (existing)");
		out.printf("  vLLM       %s%n", vllm.configured() ? vllm.baseUrl() + " (model " + describe(vllm.model()) + ")"
				: "not configured (set RAGLINE_VLLM_BASEURL)");
		out.printf("  Ollama     %s%n", ollama.configured() ? ollama.baseUrl() + " (model " + ollama.model() + ")"
				: "not configured (set RAGLINE_OLLAMA_BASEURL)");
		if (!vllm.configured() && !ollama.configured()) {
			out.println("             no LLM: answers are extractive quotes of the best passages");
		}
		String url = api.equals("http://127.0.0.1:8080") ? "" : " --url=" + api;
		out.printf("%nTry:%n  ./ragline ask%s \"Does vitamin D deficiency affect parathyroid hormone?\"%n", url);
		out.printf("  ./ragline status%s%n", url);
		out.printf("  curl -s -X POST %s/api/queries -H 'Content-Type: application/json' "
				+ "-d '{\"question\":\"Does vitamin D deficiency affect parathyroid hormone?\"}'%n", api);
		out.printf("  curl -s %s/api/queries/<id>%n%nCtrl-C stops everything.%n", api);
		out.flush();
	}

	private static String describe(String model) {
		return (model == null || model.isBlank()) ? "first served" : model;
	}

}
