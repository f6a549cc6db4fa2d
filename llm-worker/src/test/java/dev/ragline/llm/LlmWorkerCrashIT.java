package dev.ragline.llm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.ChildJvm;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once under a hard crash: a worker process is killed with SIGKILL while it has
 * 64 of 200 queries in flight; a new worker of the same group then answers every query
 * exactly once, and no answer written before the crash is overwritten by a late
 * duplicate.
 */
class LlmWorkerCrashIT {

	private static final int QUERIES = 200;

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	@Test
	void everyQueryEndsDoneExactlyOnceAfterAWorkerIsKilledMidFlight() {
		TestScope scope = TestScope.create();
		try (FakeVllm vllm = FakeVllm.start("served-model")) {
			vllm.latency(Duration.ofMillis(1500));
			Map<String, Object> settings = new LinkedHashMap<>(scope.properties());
			settings.put("spring.main.web-application-type", "none");
			settings.put("ragline.vllm.base-url", vllm.baseUrl());
			settings.put("ragline.vllm.model", "served-model");
			// the group notices the killed member after the session timeout, 10 s on the
			// local broker
			List<String> ids = publish(scope);

			Map<String, QueryResult> doneBeforeCrash = new LinkedHashMap<>();
			try (ChildJvm doomed = ChildJvm.start(LlmWorkerApplication.class, arguments(settings),
					Path.of("target", "crash-it-worker.log"))) {
				ResultStore store = storeOf(settings);
				await().atMost(TIMEOUT)
					.until(() -> vllm.peakConcurrency() >= 64 && countDone(store, ids) >= 64
							&& vllm.generations() < 180);
				doomed.kill();
				for (String id : ids) {
					store.find(id)
						.filter((result) -> result.status() == QueryStatus.DONE)
						.ifPresent((result) -> doneBeforeCrash.put(id, result));
				}
			}
			assertThat(doneBeforeCrash).hasSizeBetween(64, QUERIES - 1);

			try (ConfigurableApplicationContext successor = LlmWorkerApplication.builder().properties(settings).run()) {
				ResultStore store = successor.getBean(ResultStore.class);
				await().atMost(TIMEOUT)
					.pollInterval(Duration.ofMillis(200))
					.until(() -> countDone(store, ids) == QUERIES);

				for (String id : ids) {
					QueryResult result = store.find(id).orElseThrow();
					assertThat(result.status()).isEqualTo(QueryStatus.DONE);
					assertThat(result.backend()).isEqualTo(Backends.VLLM);
					assertThat(result.attempts()).filteredOn((attempt) -> Attempt.ANSWERED.equals(attempt.outcome()))
						.as("answered exactly once: %s", id)
						.hasSize(1);
					if (doneBeforeCrash.containsKey(id)) {
						assertThat(result).as("not overwritten by a late duplicate").isEqualTo(doneBeforeCrash.get(id));
					}
				}
			}
		}
	}

	private static List<String> publish(TestScope scope) {
		Map<String, byte[]> records = new LinkedHashMap<>();
		for (int i = 0; i < QUERIES; i++) {
			String id = "crash-" + i + "-" + UUID.randomUUID();
			RetrievedQuery query = new RetrievedQuery(QueryMessage.of(id, "Question " + i + "?"),
					List.of(new Passage("doc-" + i, "Title", "Text of passage " + i, 1.0)), Instant.now());
			records.put(id, MessageJson.toBytes(query));
		}
		TopicReader.publishAll(scope.retrieved(), records);
		return new ArrayList<>(records.keySet());
	}

	private static long countDone(ResultStore store, List<String> ids) {
		return ids.stream()
			.filter((id) -> store.find(id).map((result) -> result.status() == QueryStatus.DONE).orElse(false))
			.count();
	}

	private static List<String> arguments(Map<String, Object> settings) {
		List<String> arguments = new ArrayList<>();
		settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments;
	}

	/** A result store of its own, to watch the child process's writes from this JVM. */
	private static ResultStore storeOf(Map<String, Object> settings) {
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient
			.create(settings.get("ragline.redis.url").toString());
		return new ResultStore(client.connect().sync(), settings.get("ragline.redis.key-prefix").toString(),
				Duration.ofHours(1), java.time.Clock.systemUTC());
	}

}
