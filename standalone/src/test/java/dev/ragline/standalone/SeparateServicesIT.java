package dev.ragline.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.contracts.Backends;
import dev.ragline.standalone.cli.RaglineHome;
import dev.ragline.testsupport.ChildJvm;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ragline operated as separate services, each its own JVM as a user starts them:
 * {@code ./ragline infra}, then {@code ./ragline run} for query-ingest, a retriever,
 * three llm-workers and the fallback worker. Queries are answered end to end and the
 * workers export consumer lag. An llm-worker stopped with SIGTERM while its backend calls
 * run hands its partitions off: the calls finish, are committed, the process leaves the
 * group at once, and no call is made twice. When another one is killed, the last one
 * answers.
 */
class SeparateServicesIT {

	private static final Duration START = Duration.ofSeconds(120);

	private static final Duration ANSWER = Duration.ofSeconds(60);

	private static final Pattern KAFKA = Pattern.compile("Kafka\\s+(127\\.0\\.0\\.1:\\d+)");

	private static final Pattern REDIS = Pattern.compile("Redis\\s+(redis://127\\.0\\.0\\.1:\\d+)");

	private static final Pattern HTTP_API = Pattern.compile("HTTP API\\s+(http://127\\.0\\.0\\.1:\\d+)/api/queries");

	private static final Pattern HEALTH = Pattern.compile("health\\s+(http://127\\.0\\.0\\.1:\\d+)/actuator/health");

	@TempDir
	Path home;

	private final List<ChildJvm> processes = new ArrayList<>();

	@Test
	void infraAndOneProcessPerServiceAnswerQueriesHandOffOnStopAndSurviveTheLossOfAnLlmWorker() throws Exception {
		try (FakeVllm vllm = FakeVllm.start("served-model")) {
			ChildJvm infra = start("infra", "infra", "--ports=auto");
			String infraOutput = awaitOutput(infra, "Ctrl-C stops Kafka and Redis");
			String kafka = find(KAFKA, infraOutput);
			String redis = find(REDIS, infraOutput);
			List<String> connection = List.of("--kafka-bootstrap=" + kafka, "--redis-url=" + redis, "--server.port=0");

			ChildJvm ingest = start("ingest", with(connection, "run", "query-ingest"));
			ChildJvm retriever = start("retriever",
					with(connection, "run", "retriever-worker", "--ragline.retriever.mode=bm25"));
			List<String> llm = with(connection, "--ragline.vllm.base-url=" + vllm.baseUrl(),
					"--ragline.vllm.model=served-model");
			ChildJvm leaver = start("llm-1", with(llm, "run", "llm-worker"));
			ChildJvm doomed = start("llm-2", with(llm, "run", "llm-worker"));
			ChildJvm survivor = start("llm-3", with(llm, "run", "llm-worker"));
			start("fallback", with(connection, "run", "llm-worker", "--role=fallback"));

			String api = find(HTTP_API, awaitOutput(ingest, "Ctrl-C stops it")) + "/api/queries";
			String retrieverUrl = find(HEALTH, awaitOutput(retriever, "Ctrl-C stops it"));
			// ./ragline run keeps the retriever's index as a snapshot under RAGLINE_HOME
			await().atMost(START).until(() -> holdsSnapshot(this.home.resolve("index").resolve("replica-0")));
			List.of(leaver, doomed, survivor).forEach((worker) -> awaitOutput(worker, "Ctrl-C stops it"));

			assertThat(answerAll(api, submit(api, 8)))
				.allSatisfy((result) -> assertThat(result.path("backend").asString()).isEqualTo(Backends.VLLM));
			assertThat(HttpJson.get(retrieverUrl + "/actuator/prometheus").body())
				.contains("kafka_consumer_fetch_manager_records_lag_max{");

			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
				await().atMost(START).until(() -> groupSize(admin), (size) -> size == 3);
				vllm.latency(Duration.ofMillis(1500));
				List<String> questions = questions(24);
				List<String> ids = submit(api, questions);
				// stop one worker while calls run on all three
				await().atMost(ANSWER).until(() -> callsFor(vllm, questions).size() >= 12);
				leaver.terminate();
				assertThat(leaver.awaitExit(START)).isPresent();
				// it left the group as it stopped: the group shrinks without waiting for
				// the
				// session timeout (10 s) that a member gone without a word takes
				await().atMost(Duration.ofSeconds(3)).until(() -> groupSize(admin), (size) -> size == 2);
				assertThat(answerAll(api, ids)).hasSize(24);
				assertThat(callsFor(vllm, questions)).as("every question sent to the backend exactly once")
					.hasSize(24)
					.doesNotHaveDuplicates();
				assertThat(Files.readString(this.home.resolve("logs/llm-worker-" + leaver.pid() + ".log")))
					.containsPattern("handing off \\[ragline\\.retrieved-\\d+.*: [1-9]\\d* running calls finished and "
							+ "committed in \\d+ ms, \\d+ fetched records left to the new owner, 0 calls still running");
				vllm.latency(Duration.ZERO);
			}

			doomed.kill();

			// a killed worker's partitions move after the local broker's session timeout,
			// 10 s
			assertThat(answerAll(api, submit(api, 12)))
				.allSatisfy((result) -> assertThat(result.path("backend").asString()).isEqualTo(Backends.VLLM));
		}
		finally {
			this.processes.forEach(ChildJvm::close);
		}
	}

	private static int groupSize(Admin admin) throws Exception {
		ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("ragline-llm"))
			.all()
			.get(10, TimeUnit.SECONDS)
			.get("ragline-llm");
		return group.members().size();
	}

	/**
	 * The questions of the generation requests the backend received for
	 * {@code questions}.
	 */
	private static List<String> callsFor(FakeVllm vllm, List<String> questions) {
		List<String> calls = new ArrayList<>();
		for (FakeVllm.Recorded request : vllm.generationRequests()) {
			questions.stream().filter((question) -> request.body().contains(question)).forEach(calls::add);
		}
		return calls;
	}

	private static List<String> questions(int count) {
		List<String> questions = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			questions.add("Does vitamin D affect bone density? (" + System.nanoTime() + ")");
		}
		return questions;
	}

	private static List<String> submit(String api, int count) {
		return submit(api, questions(count));
	}

	/** Submits the questions; returns their ids. */
	private static List<String> submit(String api, List<String> questions) {
		List<String> ids = new ArrayList<>();
		for (String question : questions) {
			HttpJson.Response submitted = HttpJson.postJson(api, "{\"question\":\"" + question + "\"}");
			assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
			ids.add(submitted.json().path("id").asString());
		}
		return ids;
	}

	/** Waits until every query is DONE; returns their results. */
	private static List<JsonNode> answerAll(String api, List<String> ids) {
		List<JsonNode> results = new ArrayList<>();
		for (String id : ids) {
			results.add(await().atMost(ANSWER)
				.until(() -> HttpJson.get(api + "/" + id).json(),
						(json) -> "DONE".equals(json.path("status").asString())));
		}
		return results;
	}

	private static boolean holdsSnapshot(Path slot) throws java.io.IOException {
		if (!Files.isDirectory(slot)) {
			return false;
		}
		try (java.util.stream.Stream<Path> files = Files.list(slot)) {
			return files.anyMatch((file) -> file.getFileName().toString().startsWith("segments_"));
		}
	}

	private ChildJvm start(String name, String... args) {
		return start(name, List.of(args));
	}

	private ChildJvm start(String name, List<String> args) {
		ChildJvm process = ChildJvm.start(SafeStartIT.AS_SHIPPED, RaglineCommand.class, args,
				Map.of(RaglineHome.ENV, this.home.toString()), this.home.resolve(name + ".console.log"));
		this.processes.add(process);
		return process;
	}

	/**
	 * What the process printed once {@code text}, the last line of its banner, is there.
	 */
	private static String awaitOutput(ChildJvm process, String text) {
		return await().atMost(START).until(() -> {
			assertThat(process.isAlive()).as("still running; it printed:%n%s", process.output()).isTrue();
			return process.output();
		}, (output) -> output.contains(text));
	}

	private static List<String> with(List<String> common, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(common);
		return all;
	}

	private static String find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		assertThat(matcher.find()).as("%s in:%n%s", pattern, output).isTrue();
		return matcher.group(1);
	}

}
