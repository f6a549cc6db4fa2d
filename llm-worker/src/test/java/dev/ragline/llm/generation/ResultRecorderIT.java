package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.backend.Completion;
import dev.ragline.resultstore.RedisConnections;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.TestInfrastructure;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary role records a reroute once the fallback topic has the query; the fallback
 * may answer before that. Either way every backend call is listed once.
 */
class ResultRecorderIT {

	private static final FallbackReason REASON = new FallbackReason(FallbackReason.VLLM_MODEL_NOT_FOUND, 404,
			"model not served", 1);

	private static final Attempt VLLM_ATTEMPT = new Attempt("vllm", "m", Attempt.REROUTED,
			FallbackReason.VLLM_MODEL_NOT_FOUND, 404, 1, Instant.parse("2026-11-27T12:00:00Z"), 3);

	private static final Attempt OLLAMA_ATTEMPT = Attempt.answered("ollama", "llama3.2", 1,
			Instant.parse("2026-11-27T12:00:01Z"), 900);

	private static RedisConnections redis;

	private static ResultRecorder results;

	@BeforeAll
	static void connect() {
		redis = RedisConnections.open(TestInfrastructure.redisUrl(), Duration.ofSeconds(5));
		ResultStore store = new ResultStore(redis.commands(), "ragline:recorder-it:", Duration.ofHours(1),
				Clock.systemUTC());
		results = new ResultRecorder(store, Clock.systemUTC(), AnswerMemory.disabled());
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Test
	void keepsTheFailedCallWhenTheFallbackAnswersBeforeThePrimaryRecordsTheReroute() {
		RetrievedQuery query = query();
		results.startGenerating(query);

		QueryResult fallbackStart = results.current(query.id()).orElseThrow();
		Instant generating = fallbackStart.timestamps().get(QueryStatus.GENERATING);
		Instant reroutedAt = generating.plusMillis(1);
		results.answeredAfterReroute(fallbackStart, query, new Completion("answer", "llama3.2"), "ollama", REASON,
				reroutedAt, List.of(VLLM_ATTEMPT, OLLAMA_ATTEMPT));
		QueryResult late = results.rerouted(null, query.id(), "Why?", REASON, List.of(VLLM_ATTEMPT)).result();

		assertThat(late.status()).isEqualTo(QueryStatus.DONE);
		assertThat(late.fallbackReason()).isEqualTo(REASON);
		// the console draws a rerouted query's stages from these
		assertThat(late.timestamps()).containsEntry(QueryStatus.REROUTED, reroutedAt);
		assertThat(late.timestamps().get(QueryStatus.DONE)).isAfterOrEqualTo(reroutedAt);
		assertThat(late.attempts()).extracting(Attempt::backend, Attempt::outcome)
			.containsExactly(Tuple.tuple("vllm", "rerouted"), Tuple.tuple("ollama", "answered"));
	}

	@Test
	void listsEachCallOnceWhenThePrimaryRecordsTheRerouteFirst() {
		RetrievedQuery query = query();
		results.startGenerating(query);

		QueryResult rerouted = results.rerouted(null, query.id(), "Why?", REASON, List.of(VLLM_ATTEMPT)).result();
		assertThat(results.rerouted(null, query.id(), "Why?", REASON, List.of(VLLM_ATTEMPT)).applied())
			.as("a duplicate delivery writes nothing")
			.isFalse();
		QueryResult done = results
			.answeredAfterReroute(rerouted, query, new Completion("answer", "llama3.2"), "ollama", REASON,
					Instant.now().plusSeconds(60), List.of(VLLM_ATTEMPT, OLLAMA_ATTEMPT))
			.result();

		assertThat(rerouted.status()).isEqualTo(QueryStatus.REROUTED);
		assertThat(rerouted.fallbackReason()).isEqualTo(REASON);
		assertThat(done.attempts()).containsExactly(VLLM_ATTEMPT, OLLAMA_ATTEMPT);
		assertThat(done.timestamps()).as("the primary's REROUTED stays")
			.containsEntry(QueryStatus.REROUTED, rerouted.timestamps().get(QueryStatus.REROUTED));
	}

	@Test
	void aRerouteTimeBeforeGeneratingIsMovedToGenerating() {
		// a record's timestamp has whole milliseconds
		RetrievedQuery query = query();
		QueryResult generating = results.startGenerating(query).result();
		Instant generatingAt = generating.timestamps().get(QueryStatus.GENERATING);

		QueryResult done = results
			.answeredAfterReroute(generating, query, new Completion("answer", "llama3.2"), "ollama", REASON,
					generatingAt.minusMillis(1), List.of(OLLAMA_ATTEMPT))
			.result();

		assertThat(done.timestamps()).containsEntry(QueryStatus.REROUTED, generatingAt);
	}

	@Test
	void anAnswerCarriesWhenTheRetrieverFinished() {
		Instant retrievedAt = Instant.parse("2026-12-06T01:02:03.456789Z");
		RetrievedQuery query = new RetrievedQuery(QueryMessage.of(UUID.randomUUID().toString(), "Why?"),
				List.of(new Passage("d", "T", "text", 1)), retrievedAt);
		QueryResult generating = results.startGenerating(query).result();
		assertThat(generating.retrievedAt()).isNull();

		results.answered(generating, query, query.passages(), new Completion("answer", "qwen"), "vllm", null,
				List.of());

		// as stored in Redis, which clients read
		assertThat(results.current(query.id()).orElseThrow().retrievedAt()).isEqualTo(retrievedAt);
	}

	private static RetrievedQuery query() {
		return new RetrievedQuery(QueryMessage.of(UUID.randomUUID().toString(), "Why?"),
				List.of(new Passage("d", "T", "text", 1)), Instant.now());
	}

}
