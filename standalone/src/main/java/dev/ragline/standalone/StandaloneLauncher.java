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
public final class StandaloneLauncher {

	private StandaloneLauncher() {
	}

	public static void main(String[] args) {
		long start = System.nanoTime();
		StandaloneOptions options = StandaloneOptions.parse(args, System.getenv());
		LocalRedisServer redis = LocalRedisServer.start(options.redisPort());
		LocalKafkaBroker kafka;
		RaglineServices services;
		try {
			kafka = LocalKafkaBroker.start(options.kafkaPort());
		}
		catch (RuntimeException ex) {
			redis.close();
			throw ex;
		}
		try {
			services = RaglineServices.start(Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
					"ragline.redis.url", redis.url(), "server.port", options.httpPort(), "server.address", "127.0.0.1"),
					args);
		}
		catch (RuntimeException ex) {
			kafka.close();
			redis.close();
			throw ex;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			services.close();
			kafka.close();
			redis.close();
		}, "ragline-standalone-shutdown"));
		printReady(System.out, services, kafka, redis, Duration.ofNanos(System.nanoTime() - start));
	}

	private static void printReady(PrintStream out, RaglineServices services, LocalKafkaBroker kafka,
			LocalRedisServer redis, Duration startup) {
		TopicsProperties topics = services.retriever().getBean(TopicsProperties.class);
		VllmProperties vllm = services.llm().getBean(VllmProperties.class);
		OllamaProperties ollama = services.llm().getBean(OllamaProperties.class);
		String api = "http://127.0.0.1:" + services.httpPort();
		out.printf("%nragline standalone is ready (%.1f s)%n", startup.toMillis() / 1000.0);
		out.printf("  HTTP API   %s/api/queries%n", api);
		out.printf("  Kafka      %s   topics: %s, %s, %s, %s%n", kafka.bootstrapServers(), topics.queries(),
				topics.retrieved(), topics.fallback(), topics.dead());
		out.printf("  Redis      %s   results at ragline:query:{id}%n", redis.url());
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
