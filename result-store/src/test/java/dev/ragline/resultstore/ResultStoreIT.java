package dev.ragline.resultstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.Comparison;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultStoreIT {

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private static RedisConnections redis;

	private static ResultStore store;

	@BeforeAll
	static void connect() {
		redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5));
		store = new ResultStore(redis.commands(), "ragline:query:", Duration.ofHours(24), Clock.systemUTC());
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Test
	void runsAgainstTheRedisTheBuildAskedFor() {
		assertThat(RedisConnections.isCluster(redis.commands())).as("a Redis Cluster")
			.isEqualTo(TestInfrastructure.redisCluster());
	}

	@Test
	void aFinalDocumentTakesItsComparisonOnceAndNothingElseChanges() {
		String id = newId();
		store.createIfAbsent(QueryResult.create(id, "q", QueryStatus.QUEUED, NOW));
		Comparison comparison = new Comparison(Comparison.SHADOW, id, "ollama", "llama3.2", "answered", null, NOW, 300L,
				120L, 40.0, "Shadow [1].", "vllm", "qwen", 50L, 20L, 200.0, 1.0, 0.4);
		assertThat(store.attachComparison(id, comparison)).as("not final yet").isFalse();
		store.update(id, (current) -> current.toBuilder().status(QueryStatus.DONE, NOW).answer("Primary [1].").build());
		QueryResult done = store.find(id).orElseThrow();

		assertThat(store.attachComparison(id, comparison)).isTrue();
		assertThat(store.attachComparison(id, comparison)).as("once").isFalse();

		QueryResult compared = store.find(id).orElseThrow();
		assertThat(compared.comparison()).isEqualTo(comparison);
		assertThat(compared.toBuilder().comparison(null).version(done.version()).updatedAt(done.updatedAt()).build())
			.isEqualTo(done);
		assertThat(store.advance(id, QueryStatus.GENERATING, NOW, () -> null).refused())
			.as("still final: nothing moves it back")
			.isTrue();
	}

	@Test
	void storesTheDocumentAsAJsonStringWithATtlThatAnyRedisClientCanRead() {
		String id = newId();
		store.createIfAbsent(QueryResult.create(id, "Why is the sky blue?", QueryStatus.QUEUED, NOW));

		String raw = redis.commands().get("ragline:query:" + id);
		assertThat(raw).contains("\"id\":\"" + id + "\"", "\"status\":\"QUEUED\"",
				"\"question\":\"Why is the sky blue?\"");
		assertThat(redis.commands().ttl("ragline:query:" + id)).isBetween(Duration.ofHours(23).toSeconds(),
				Duration.ofHours(24).toSeconds());
	}

	@Test
	void createIfAbsentNeverReplacesAnExistingDocument() {
		String id = newId();
		store.createIfAbsent(QueryResult.create(id, "first", QueryStatus.QUEUED, NOW));
		advance(id, QueryStatus.RETRIEVING);

		boolean created = store.createIfAbsent(QueryResult.create(id, "second", QueryStatus.QUEUED, NOW));

		assertThat(created).isFalse();
		assertThat(store.find(id)).get().extracting(QueryResult::status).isEqualTo(QueryStatus.RETRIEVING);
	}

	@Test
	void createReturnsTheDocumentExactlyAsStoredAndNothingWhenOneExists() {
		String id = newId();

		QueryResult created = store.create(QueryResult.create(id, "first", QueryStatus.QUEUED, NOW)).orElseThrow();

		assertThat(created.version()).isEqualTo(1);
		assertThat(created).isEqualTo(store.find(id).orElseThrow());
		assertThat(store.create(QueryResult.create(id, "second", QueryStatus.QUEUED, NOW))).isEmpty();
		assertThat(store.find(id).orElseThrow().question()).isEqualTo("first");
	}

	@Test
	void createUnlessCachedServesTheCachedValueAndWritesNothingOrCreatesTheDocument() {
		String cacheKey = "ragline:cache:test-" + newId();
		redis.commands().set(cacheKey, "{\"answer\":\"cached\"}");
		String hitId = newId();
		String missId = newId();

		assertThat(store.createUnlessCached(QueryResult.create(hitId, "q", QueryStatus.QUEUED, NOW), cacheKey))
			.contains("{\"answer\":\"cached\"}");
		assertThat(store.createUnlessCached(QueryResult.create(missId, "q", QueryStatus.QUEUED, NOW),
				"ragline:cache:absent-" + newId()))
			.isEmpty();

		assertThat(store.find(hitId)).as("a hit writes no document").isEmpty();
		QueryResult created = store.find(missId).orElseThrow();
		assertThat(created.status()).isEqualTo(QueryStatus.QUEUED);
		assertThat(created.version()).isEqualTo(1);
		assertThat(redis.commands().pttl(store.key(missId))).isPositive();
	}

	@Test
	void createUnlessCachedNeverReplacesAnExistingDocument() {
		String id = newId();
		store.createIfAbsent(QueryResult.create(id, "first", QueryStatus.QUEUED, NOW));
		advance(id, QueryStatus.RETRIEVING);

		store.createUnlessCached(QueryResult.create(id, "second", QueryStatus.QUEUED, NOW),
				"ragline:cache:absent-" + newId());

		assertThat(store.find(id)).get().extracting(QueryResult::status).isEqualTo(QueryStatus.RETRIEVING);
	}

	@Test
	void refusesToMoveTheStatusBackwards() {
		String id = newId();
		store.createIfAbsent(QueryResult.create(id, "q", QueryStatus.QUEUED, NOW));
		advance(id, QueryStatus.GENERATING);

		Update late = advance(id, QueryStatus.RETRIEVING);

		assertThat(late.outcome()).isEqualTo(Update.Outcome.REFUSED);
		assertThat(store.find(id)).get().extracting(QueryResult::status).isEqualTo(QueryStatus.GENERATING);
	}

	@Test
	void neverChangesAFinalDocument() {
		String id = newId();
		store.createIfAbsent(QueryResult.create(id, "q", QueryStatus.QUEUED, NOW));
		store.update(id, (current) -> current.toBuilder().status(QueryStatus.DONE, NOW).answer("first").build());

		Update duplicate = store.update(id,
				(current) -> current.toBuilder().status(QueryStatus.DONE, NOW).answer("second").build());

		assertThat(duplicate.outcome()).isEqualTo(Update.Outcome.REFUSED);
		assertThat(store.find(id)).get().extracting(QueryResult::answer).isEqualTo("first");
	}

	@Test
	void keepsTheFirstTimestampOfEachStatusAndCountsVersions() {
		String id = newId();
		store.createIfAbsent(QueryResult.create(id, "q", QueryStatus.QUEUED, NOW));
		store.update(id, (current) -> current.toBuilder().status(QueryStatus.GENERATING, NOW.plusSeconds(1)).build());
		store.update(id, (current) -> current.toBuilder().status(QueryStatus.GENERATING, NOW.plusSeconds(5)).build());

		QueryResult result = store.find(id).orElseThrow();
		assertThat(result.timestamps()).containsEntry(QueryStatus.QUEUED, NOW)
			.containsEntry(QueryStatus.GENERATING, NOW.plusSeconds(1));
		assertThat(result.version()).isEqualTo(3);
	}

	@Test
	void whenWritersRaceToAFinalStatusExactlyOneWins() throws Exception {
		int writers = 16;
		for (int round = 0; round < 20; round++) {
			String id = newId();
			store.createIfAbsent(QueryResult.create(id, "q", QueryStatus.QUEUED, NOW));
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(writers);
			List<Future<Update>> results = new ArrayList<>();
			for (int i = 0; i < writers; i++) {
				String answer = "answer-" + i;
				QueryStatus status = (i % 2 == 0) ? QueryStatus.DONE : QueryStatus.FAILED;
				results.add(pool.submit(() -> {
					start.await();
					return store.update(id,
							(current) -> current.toBuilder()
								.status(status, NOW)
								.answer(answer)
								.backend(Backends.VLLM)
								.build());
				}));
			}
			start.countDown();
			List<Update> updates = new ArrayList<>();
			for (Future<Update> result : results) {
				updates.add(result.get());
			}
			pool.shutdown();

			List<Update> winners = updates.stream().filter(Update::applied).toList();
			assertThat(winners).hasSize(1);
			assertThat(store.find(id)).get().isEqualTo(winners.get(0).result());
		}
	}

	private static Update advance(String id, QueryStatus status) {
		return store.update(id, (current) -> current.toBuilder().status(status, NOW).build());
	}

	private static String newId() {
		return java.util.UUID.randomUUID().toString();
	}

}
