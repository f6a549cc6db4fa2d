package dev.ragline.standalone;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalRedisServer;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.llm.ollama.OllamaProperties;
import dev.ragline.llm.vllm.VllmProperties;

/**
 * {@code ./ragline standalone}: starts a real redis-server, a real Kafka broker (KRaft,
 * in this JVM) and every ragline service on loopback, with the bundled sample corpus, and
 * prints what runs where. Stops everything on Ctrl-C.
 */
public final class StandaloneLauncher implements AutoCloseable {

	/** The sample corpus is embedded by the retriever before it reports ready. */
	static final Duration RETRIEVER_READY_TIMEOUT = Duration.ofMinutes(3);

	private final LocalRedisServer redis;

	private final LocalKafkaBroker kafka;

	private final RaglineServices services;

	private StandaloneLauncher(LocalRedisServer redis, LocalKafkaBroker kafka, RaglineServices services) {
		this.redis = redis;
		this.kafka = kafka;
		this.services = services;
	}

	public static void main(String[] args) {
		long start = System.nanoTime();
		StandaloneLauncher standalone = start(StandaloneOptions.parse(args, System.getenv()), args);
		Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "ragline-standalone-shutdown"));
		standalone.printReady(System.out, Duration.ofNanos(System.nanoTime() - start));
	}

	/**
	 * Starts Redis, then Kafka with the pipeline's topics and the sample corpus, then the
	 * services, and waits until the retriever has indexed the corpus; whatever started is
	 * stopped again if a later step fails.
	 */
	static StandaloneLauncher start(StandaloneOptions options, String... args) {
		LocalRedisServer redis = LocalRedisServer.start(options.redisPort());
		LocalKafkaBroker kafka = null;
		RaglineServices services = null;
		try {
			kafka = LocalKafkaBroker.start(options.kafkaPort());
			SampleCorpusLoader.load(kafka.bootstrapServers(), args);
			services = RaglineServices.start(Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
					"ragline.redis.url", redis.url(), "server.port", options.httpPort(), "server.address", "127.0.0.1"),
					args);
			services.awaitRetrieverReady(RETRIEVER_READY_TIMEOUT);
			return new StandaloneLauncher(redis, kafka, services);
		}
		catch (RuntimeException ex) {
			if (services != null) {
				services.close();
			}
			if (kafka != null) {
				kafka.close();
			}
			redis.close();
			throw ex;
		}
	}

	/** The base URL of the HTTP API. */
	String apiUrl() {
		return "http://127.0.0.1:" + this.services.httpPort();
	}

	RaglineServices services() {
		return this.services;
	}

	LocalKafkaBroker kafka() {
		return this.kafka;
	}

	LocalRedisServer redis() {
		return this.redis;
	}

	@Override
	public void close() {
		this.services.close();
		this.kafka.close();
		this.redis.close();
	}

	void printReady(PrintStream out, Duration startup) {
		TopicsProperties topics = this.services.retriever().getBean(TopicsProperties.class);
		VllmProperties vllm = this.services.llm().getBean(VllmProperties.class);
		OllamaProperties ollama = this.services.llm().getBean(OllamaProperties.class);
		String api = apiUrl();
		out.printf("%nragline standalone is ready (%.1f s)%n", startup.toMillis() / 1000.0);
		out.printf("  HTTP API   %s/api/queries%n", api);
		out.printf("  Kafka      %s   topics: %s, %s, %s, %s%n", this.kafka.bootstrapServers(), topics.queries(),
				topics.retrieved(), topics.fallback(), topics.dead());
		out.printf("  Redis      %s   results at ragline:query:{id}%n", this.redis.url());
		out.printf("  vLLM       %s%n", vllm.configured() ? vllm.baseUrl() + " (model " + describe(vllm.model()) + ")"
				: "not configured (set RAGLINE_VLLM_BASEURL)");
		out.printf("  Ollama     %s%n", ollama.configured() ? ollama.baseUrl() + " (model " + ollama.model() + ")"
				: "not configured (set RAGLINE_OLLAMA_BASEURL)");
		if (!vllm.configured() && !ollama.configured()) {
			out.println("             no LLM: answers are extractive quotes of the best passages");
		}
		out.printf("%nTry:%n  curl -s -X POST %s/api/queries -H 'Content-Type: application/json' "
				+ "-d '{\"question\":\"Does vitamin D deficiency affect parathyroid hormone?\"}'%n", api);
		out.printf("  curl -s %s/api/queries/<id>%n%nCtrl-C stops everything.%n", api);
		out.flush();
	}

	private static String describe(String model) {
		return (model == null || model.isBlank()) ? "first served" : model;
	}

}
