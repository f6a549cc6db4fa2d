package dev.ragline.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} read as Compose reads it (anchors and merge keys resolved),
 * checked for what a deployment relies on; there is no Docker engine here to run it.
 */
class DockerComposeFileTest {

	private static final Set<String> RAGLINE_SERVICES = Set.of("query-ingest", "retriever-worker", "llm-worker",
			"llm-worker-fallback");

	private static final Set<String> SCALED = Set.of("retriever-worker", "llm-worker", "llm-worker-fallback");

	private static Map<String, Map<String, Object>> services;

	private static Map<String, Object> volumes;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void read() throws IOException {
		try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
			Map<String, Object> compose = new Yaml().load(reader);
			services = (Map<String, Map<String, Object>>) compose.get("services");
			volumes = (Map<String, Object>) compose.get("volumes");
		}
	}

	@Test
	void kafkaWritesItsLogOnAVolumeSoDownAndUpKeepEveryTopic() {
		Map<String, Object> kafka = services.get("kafka");
		String logDirs = String.valueOf(environment(kafka).get("KAFKA_LOG_DIRS"));
		assertThat(namedVolumePaths(kafka)).as("KAFKA_LOG_DIRS %s is a named volume", logDirs).contains(logDirs);
	}

	@Test
	void redisKeepsAnAppendOnlyFileOnAVolume() {
		Map<String, Object> redis = services.get("redis");
		List<String> command = strings(redis.get("command"));
		assertThat(String.join(" ", command)).contains("--appendonly yes");
		String dir = command.get(command.indexOf("--dir") + 1);
		assertThat(namedVolumePaths(redis)).contains(dir);
	}

	@Test
	void vllmNeedsTheGpuProfileAndNothingStartedByDefaultWaitsForIt() {
		assertThat(strings(services.get("vllm").get("profiles"))).containsExactly("gpu");
		services.forEach((name, service) -> {
			if (service.get("profiles") == null) {
				assertThat(dependencies(service)).as("%s depends on a profiled service", name)
					.allMatch((dependency) -> services.get(dependency).get("profiles") == null);
			}
		});
	}

	@Test
	void everyRaglineServiceIsHealthyOnlyWhenReadyAndFindsKafkaAndRedis() {
		for (String name : RAGLINE_SERVICES) {
			Map<String, Object> service = services.get(name);
			assertThat(String.join(" ", strings(((Map<?, ?>) service.get("healthcheck")).get("test")))).as(name)
				.contains("/actuator/health/readiness");
			assertThat(environment(service)).as(name)
				.containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
				.containsEntry("RAGLINE_REDIS_URL", "redis://redis:6379");
			assertThat(dependencies(service)).as(name).contains("kafka", "redis");
		}
	}

	@Test
	void workersCanBeScaledBecauseNothingPinsOneContainer() {
		for (String name : SCALED) {
			assertThat(services.get(name)).as(name).doesNotContainKeys("ports", "container_name");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theObservabilityProfileScrapesEveryServiceTracesThemOnRequestAndProvisionsTheDashboard() throws IOException {
		for (String name : List.of("prometheus", "grafana", "jaeger")) {
			assertThat(strings(services.get(name).get("profiles"))).as(name).containsExactly("observability");
			assertThat(services.get(name)).as(name).containsKey("healthcheck");
		}
		Map<String, Object> prometheus;
		try (Reader reader = Files.newBufferedReader(Path.of("..", "deploy", "observability", "prometheus.yml"))) {
			prometheus = new Yaml().load(reader);
		}
		Map<String, Integer> scraped = new java.util.HashMap<>();
		for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
			assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
			for (Map<String, Object> discovery : (List<Map<String, Object>>) job.get("dns_sd_configs")) {
				strings(discovery.get("names")).forEach((name) -> scraped.put(name, (Integer) discovery.get("port")));
			}
		}
		for (String name : RAGLINE_SERVICES) {
			String healthcheck = String.join(" ",
					strings(((Map<String, Object>) services.get(name).get("healthcheck")).get("test")));
			assertThat(healthcheck).as(name).contains("http://localhost:" + scraped.get(name) + "/actuator/");
		}
		for (String name : RAGLINE_SERVICES) {
			Map<String, Object> environment = environment(services.get(name));
			assertThat(String.valueOf(environment.get("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT")))
				.as("%s sends its spans to Jaeger", name)
				.startsWith("http://jaeger:4318/");
			assertThat(String.valueOf(environment.get("MANAGEMENT_TRACING_EXPORT_OTLP_ENABLED")))
				.as("%s exports only on request, Jaeger being in a profile", name)
				.isEqualTo("${RAGLINE_TRACES:-false}");
		}
		assertThat(strings(services.get("grafana").get("volumes")))
			.contains("./deploy/observability/grafana/dashboards:/var/lib/grafana/dashboards:ro");
		assertThat(Path.of("..", "deploy", "observability", "grafana", "dashboards", "ragline.json")).isRegularFile();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> environment(Map<String, Object> service) {
		Object environment = service.get("environment");
		return (environment instanceof Map<?, ?>) ? (Map<String, Object>) environment : Map.of();
	}

	/** Container paths of the service's mounts of named (top-level) volumes. */
	private static List<String> namedVolumePaths(Map<String, Object> service) {
		return strings(service.get("volumes")).stream()
			.map((mount) -> mount.split(":"))
			.filter((parts) -> parts.length >= 2 && volumes.containsKey(parts[0]))
			.map((parts) -> parts[1])
			.toList();
	}

	private static Collection<String> dependencies(Map<String, Object> service) {
		Object dependsOn = service.get("depends_on");
		if (dependsOn instanceof Map<?, ?> map) {
			return map.keySet().stream().map(String::valueOf).toList();
		}
		return strings(dependsOn);
	}

	private static List<String> strings(Object value) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of(String.valueOf(value));
	}

}
