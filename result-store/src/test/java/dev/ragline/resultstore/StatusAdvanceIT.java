package dev.ragline.resultstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving a document to a later status inside Redis, in one round trip, writes exactly
 * what the Java builder would, and keeps every rule of the compare-and-set.
 */
class StatusAdvanceIT {

	private static final Instant CREATED = Instant.parse("2026-12-02T08:00:00.123456Z");

	private static RedisConnections redis;

	private static ResultStore store;

	@BeforeAll
	static void connect() {
		redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5));
		store = new ResultStore(redis.commands(), "ragline:advance-it:", Duration.ofHours(1), Clock.systemUTC());
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Test
	void writesWhatTheBuilderWouldAndNothingElse() {
		QueryResult queued = tricky(QueryStatus.QUEUED);
		store.createIfAbsent(queued);
		QueryResult stored = store.find(queued.id()).orElseThrow();
		Instant now = Instant.parse("2026-12-02T08:00:01.5Z");

		Update update = store.advance(queued.id(), QueryStatus.RETRIEVING, now, () -> null);

		QueryResult expected = stored.toBuilder()
			.status(QueryStatus.RETRIEVING, now)
			.version(stored.version() + 1)
			.updatedAt(now)
			.build();
		assertThat(update.applied()).isTrue();
		assertThat(update.result()).isEqualTo(expected);
		assertThat(store.find(queued.id())).contains(expected);
	}

	@Test
	void movesStepByStepAndKeepsEveryTimestamp() {
		QueryResult queued = QueryResult.create(UUID.randomUUID().toString(), "Why?", QueryStatus.QUEUED, CREATED);
		store.createIfAbsent(queued);

		store.advance(queued.id(), QueryStatus.RETRIEVING, CREATED.plusMillis(1), () -> null);
		QueryResult generating = store.advance(queued.id(), QueryStatus.GENERATING, CREATED.plusMillis(2), () -> null)
			.result();

		assertThat(generating.status()).isEqualTo(QueryStatus.GENERATING);
		assertThat(generating.version()).isEqualTo(3);
		assertThat(generating.timestamps()).containsKeys(QueryStatus.QUEUED, QueryStatus.RETRIEVING,
				QueryStatus.GENERATING);
		assertThat(generating.timestamps().get(QueryStatus.GENERATING)).isEqualTo(CREATED.plusMillis(2));
	}

	@Test
	void writesNothingForTheSameStatusAndRefusesToGoBackOrLeaveAFinalOne() {
		QueryResult generating = QueryResult.create(UUID.randomUUID().toString(), "Why?", QueryStatus.GENERATING,
				CREATED);
		store.createIfAbsent(generating);
		QueryResult done = QueryResult.create(UUID.randomUUID().toString(), "Why?", QueryStatus.DONE, CREATED);
		store.createIfAbsent(done);

		Update same = store.advance(generating.id(), QueryStatus.GENERATING, Instant.now(), () -> null);
		Update back = store.advance(generating.id(), QueryStatus.RETRIEVING, Instant.now(), () -> null);
		Update fromFinal = store.advance(done.id(), QueryStatus.GENERATING, Instant.now(), () -> null);

		assertThat(same.applied()).isFalse();
		assertThat(same.refused()).isFalse();
		assertThat(back.refused()).isTrue();
		assertThat(fromFinal.refused()).isTrue();
		assertThat(store.find(generating.id()).orElseThrow().version()).isEqualTo(1);
		assertThat(store.find(done.id()).orElseThrow().status()).isEqualTo(QueryStatus.DONE);
	}

	@Test
	void createsTheDocumentWhenThereIsNone() {
		String id = UUID.randomUUID().toString();

		Update created = store.advance(id, QueryStatus.RETRIEVING, CREATED,
				() -> QueryResult.create(id, "Asked straight on Kafka?", QueryStatus.RETRIEVING, CREATED));

		assertThat(created.applied()).isTrue();
		assertThat(store.find(id).orElseThrow().status()).isEqualTo(QueryStatus.RETRIEVING);
	}

	/**
	 * A document whose strings look like the keys the script edits, and with fields of
	 * every kind: none of them may be touched.
	 */
	private static QueryResult tricky(QueryStatus status) {
		String lookalike = "\"status\":\"DONE\",\"timestamps\":{},\"version\":99,\"updatedAt\":\"never\" é \\ }";
		return QueryResult.create(UUID.randomUUID().toString(), "Q " + lookalike, status, CREATED)
			.toBuilder()
			.partialAnswer("partial " + lookalike)
			.sources(List.of(new Passage("doc-1", "Title " + lookalike, "text", 12.153846153846153)))
			.attempt(new Attempt("vllm", "m", Attempt.RETRIED, "VLLM_UNAVAILABLE", 503, 2, CREATED, 3))
			.build();
	}

}
