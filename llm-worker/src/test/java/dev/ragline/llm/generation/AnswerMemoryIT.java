package dev.ragline.llm.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.resultstore.RedisConnections;
import dev.ragline.testsupport.TestInfrastructure;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer is cached under the collection's version its passages were retrieved from, so
 * documents that change while the LLM is still answering make it unservable rather than
 * served as an answer over the new collection.
 */
class AnswerMemoryIT {

	private static RedisConnections connections;

	private static RedisClusterCommands<String, String> redis;

	private static AnswerCache cache;

	private static CorpusVersion corpusVersion;

	private static AnswerMemory memory;

	@BeforeAll
	static void connect() {
		connections = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5));
		redis = connections.commands();
		String prefix = "ragline:memory-it:" + UUID.randomUUID() + ":";
		cache = new AnswerCache(redis, prefix + "cache:", Duration.ofHours(1));
		corpusVersion = new CorpusVersion(redis, prefix + "version");
		memory = new AnswerMemory(cache, corpusVersion, true);
	}

	@AfterAll
	static void disconnect() {
		connections.close();
	}

	@Test
	void keepsTheAnswerUnderTheVersionItsPassagesCameFromNotTheCurrentOne() {
		long retrievedAt = corpusVersion.bump();
		QueryMessage question = QueryMessage.of(UUID.randomUUID().toString(), "Does vitamin D help bones?");
		RetrievedQuery retrieved = new RetrievedQuery(question, passages(), Instant.now(), retrievedAt);
		long changedSince = corpusVersion.bump();

		memory.remember(retrieved, answered(question));

		assertThat(redis.get(cache.key(question, retrievedAt))).contains("\"answer\":\"Yes, somewhat.\"");
		assertThat(redis.get(cache.key(question, changedSince))).isNull();
	}

	@Test
	void keepsTheAnswerOfARecordWithoutAVersionUnderTheCurrentOne() {
		long current = corpusVersion.bump();
		QueryMessage question = QueryMessage.of(UUID.randomUUID().toString(), "Do statins help memory?");
		RetrievedQuery retrieved = new RetrievedQuery(question, passages(), Instant.now());

		memory.remember(retrieved, answered(question));

		assertThat(redis.get(cache.key(question, current))).contains("\"answer\":\"Yes, somewhat.\"");
	}

	private static List<Passage> passages() {
		return List.of(new Passage("doc-1", "Bones", "Vitamin D and calcium.", 1.0));
	}

	private static QueryResult answered(QueryMessage question) {
		Instant now = Instant.now();
		return QueryResult.create(question.id(), question.question(), QueryStatus.QUEUED, now)
			.toBuilder()
			.status(QueryStatus.DONE, now)
			.answer("Yes, somewhat.")
			.backend("vllm")
			.build();
	}

}
