package dev.ragline.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests ({@code deploy/k8s}) render and validate offline:
 * {@code deploy/k8s/validate/validate.mjs} checks every document of the base and of the
 * example overlay against the Kubernetes and KEDA schemas and ragline's deployment rules,
 * and finds every fault planted in {@code validate/test/broken}. It needs Node.js and the
 * validator's packages ({@code npm ci --prefix deploy/k8s/validate}, which
 * {@code .ci/run} does); without them the test says so and skips.
 */
class KubernetesManifestsTest {

	private static final Path VALIDATOR = Path.of("..", "deploy", "k8s", "validate");

	@BeforeAll
	static void needsNodeAndTheValidatorsPackages() {
		Assumptions.assumeTrue(Files.isDirectory(VALIDATOR.resolve("node_modules")),
				"skipped: run 'npm ci --prefix deploy/k8s/validate' first (.ci/run does)");
		Assumptions.assumeTrue(onPath("node"), "skipped: no node on the PATH");
	}

	@Test
	void theBaseAndTheExampleOverlayAreValid() throws Exception {
		Result result = validate("../base", "../overlays/example");

		assertThat(result.output()).contains(
				"../base: 14 documents valid (1 ConfigMap, 1 Secret, 4 Deployment, 1 Service, 4 PodDisruptionBudget, 3 ScaledObject)",
				"../overlays/example: 15 documents valid (1 Namespace,");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void findsEveryPlantedFault() throws Exception {
		Result result = validate("test/broken");

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("test/broken: 7 problem(s)",
				"Deployment/query-ingest does not match the apps/v1 Deployment schema: data/spec/replicas must be integer",
				"Deployment/retriever-worker: no PodDisruptionBudget selects its pods",
				"container llm-worker: readinessProbe must GET /actuator/health/readiness",
				"Deployment/llm-worker: KEDA scales it: a fixed spec.replicas would undo the autoscaler",
				"terminationGracePeriodSeconds 10 does not cover the hand-off (20 s)",
				"ScaledObject/llm-worker-fallback: maxReplicaCount 48 is above the partition count 12",
				"scales llm-worker-fallback on group ragline-llm and topic ragline.retrieved.fallback; "
						+ "its pods consume ragline.retrieved.fallback in group ragline-llm-fallback");
	}

	private record Result(int exitCode, String output) {

	}

	private static Result validate(String... roots) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
		command.addAll(List.of(roots));
		Process process = new ProcessBuilder(command).directory(VALIDATOR.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the validator ends").isTrue();
		return new Result(process.exitValue(), output);
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

}
