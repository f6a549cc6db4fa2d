package dev.ragline.standalone.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.ragline.infra.LocalPorts;
import dev.ragline.standalone.cli.InstanceLock;
import dev.ragline.standalone.cli.RaglineHome;
import dev.ragline.standalone.cli.ServerArguments;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code ./ragline run SERVICE}: one service in this process, against the Kafka and Redis
 * of {@code ./ragline infra} (or any others: {@code --kafka-bootstrap=},
 * {@code --redis-url=}, or the Spring properties). Every other {@code --name=value} is a
 * Spring setting. Run a worker as often as you like: the processes share its consumer
 * group. Without {@code --server.port} (or {@code SERVER_PORT}) a service takes its usual
 * port, or the next free one when another process has it.
 */
public final class RunCommand {

	/** A port in use can only be the one the user chose. */
	public static final Map<String, String> PORT_OPTIONS = Map.of("HTTP", "--server.port");

	private static final int MAX_PORT_SEARCH = 100;

	private static final Set<String> ROLES = Set.of("primary", "fallback", "primary,fallback");

	private RunCommand() {
	}

	/** The log file's name for {@code args}, e.g. {@code llm-worker-4242}. */
	public static String logName(Arguments args) {
		return args.service.command() + "-" + ProcessHandle.current().pid();
	}

	/**
	 * Starts the service; it keeps running after this returns, until the JVM ends.
	 * @return the running service
	 */
	public static ConfigurableApplicationContext start(Arguments args, Map<String, String> env, PrintStream out) {
		long start = System.nanoTime();
		Service service = args.service;
		String[] springArgs = args.settings();
		Map<String, Object> properties = new LinkedHashMap<>();
		if (args.kafkaBootstrap != null) {
			properties.put("spring.kafka.bootstrap-servers", args.kafkaBootstrap);
		}
		if (args.redisUrl != null) {
			properties.put("ragline.redis.url", args.redisUrl);
		}
		if (args.roles != null) {
			properties.put("ragline.llm.roles", args.roles);
		}
		if (service == Service.RETRIEVER_WORKER) {
			// a default only: the index survives restarts (each process takes its own
			// replica-N below it); a setting of the user's wins
			properties.put("ragline.retriever.index-directory", RaglineHome.dir(env).resolve("index").toString());
		}
		if (!choosesPort(springArgs, env)) {
			properties.put("server.port", claimPort(service.defaultPort(), env));
		}
		SpringApplicationBuilder application = service.application().properties(properties);
		ConfigurableApplicationContext context = application.run(springArgs);
		printReady(out, service, context.getEnvironment(), Duration.ofNanos(System.nanoTime() - start));
		return context;
	}

	private static String roles(Service service, String role) {
		if (service != Service.LLM_WORKER) {
			throw new IllegalArgumentException("--role is for llm-worker only");
		}
		String roles = "both".equals(role) ? "primary,fallback" : role;
		if (!ROLES.contains(roles)) {
			throw new IllegalArgumentException(
					"--role must be primary (vLLM), fallback (Ollama) or both, not '" + role + "'");
		}
		return roles;
	}

	/**
	 * The first port from {@code preferred} on that is free and that no other
	 * {@code ./ragline run} starting at the same moment has claimed: each claim is a lock
	 * under {@code RAGLINE_HOME/ports}, held while this process lives.
	 */
	private static int claimPort(int preferred, Map<String, String> env) {
		Path claims = RaglineHome.dir(env).resolve("ports");
		for (int port = preferred; port < preferred + MAX_PORT_SEARCH; port++) {
			if (!LocalPorts.isFree(port)) {
				continue;
			}
			Optional<InstanceLock> claim = InstanceLock.tryAcquire(claims.resolve(port + ".lock"));
			if (claim.isPresent()) {
				claim.get().describe("pid " + ProcessHandle.current().pid());
				return port;
			}
		}
		return LocalPorts.pick();
	}

	private static boolean choosesPort(String[] springArgs, Map<String, String> env) {
		for (String arg : springArgs) {
			if (arg.startsWith("--server.port=")) {
				return true;
			}
		}
		return env.containsKey("SERVER_PORT") || System.getProperty("server.port") != null;
	}

	private static void printReady(PrintStream out, Service service, Environment environment, Duration startup) {
		String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "?"));
		String url = "http://127.0.0.1:" + port;
		String roles = environment.getProperty("ragline.llm.roles", "primary");
		out.printf("%nragline %s%s is running (pid %d, started in %.1f s)%n", service.command(),
				(service == Service.LLM_WORKER) ? " (" + roles + ")" : "", ProcessHandle.current().pid(),
				startup.toMillis() / 1000.0);
		if (service == Service.QUERY_INGEST) {
			out.printf("  Console    %s/%n", url);
			out.printf("  HTTP API   %s/api/queries%n", url);
		}
		out.printf("  health     %s/actuator/health   metrics %s/actuator/prometheus%n", url, url);
		out.printf("  Kafka      %s   Redis %s%n",
				environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"),
				environment.getProperty("ragline.redis.url", "redis://127.0.0.1:6379"));
		if (service == Service.RETRIEVER_WORKER) {
			out.println("  It indexes the documents topic first and takes queries once it has caught up (readiness).");
		}
		out.println("Ctrl-C stops it; running work is finished or handed over.");
		out.flush();
	}

	/** The command line of {@code ./ragline run}. */
	@Command(name = "ragline run", sortOptions = false,
			customSynopsis = "./ragline run SERVICE [options] [--spring.setting=value ...]",
			description = "Runs one service in this process: query-ingest, retriever-worker or llm-worker. Start as "
					+ "many workers as you like, in as many terminals or machines: Kafka's consumer groups share the "
					+ "work between them. Kafka and Redis come from './ragline infra' on this machine unless named.",
			optionListHeading = "%nOptions:%n",
			footer = { "", "Any other setting goes to the service as --name=value with its dotted name, or as an",
					"environment variable, e.g. --server.port=8181 (default: the service's own port, 8080, 8081",
					"or 8082, or the next free one) or --ragline.vllm.base-url=http://vllm:8000.",
					"A retriever-worker keeps its index snapshot under ~/.ragline/index",
					"(ragline.retriever.index-directory)." })
	public static final class Arguments extends ServerArguments {

		@Parameters(index = "0", paramLabel = "SERVICE", description = "query-ingest, retriever-worker or llm-worker")
		private String serviceName;

		@Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
				description = "the Kafka to use (default localhost:9092)")
		private String kafkaBootstrap;

		@Option(names = "--redis-url", paramLabel = "URL",
				description = "the Redis to use (default redis://127.0.0.1:6379; a Redis Cluster as "
						+ "redis-cluster://HOST:PORT,HOST:PORT,...)")
		private String redisUrl;

		@Option(names = "--role", paramLabel = "ROLE",
				description = "llm-worker only: primary (vLLM), fallback (the Ollama worker) or both (the default)")
		private String role;

		private Service service;

		private String roles;

		@Override
		protected void check() {
			this.service = Service.named(this.serviceName);
			this.roles = (this.role != null) ? roles(this.service, this.role) : null;
		}

	}

}
