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
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.TestInfrastructure;
import io.lettuce.core.RedisClient;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary and the fallback role both record a reroute; the order they do it in must
 * not matter.
 */
class ResultRecorderIT {

	private static final FallbackReason REASON = new FallbackReason(FallbackReason.VLLM_MODEL_NOT_FOUND, 404,
			"model not served", 1);

	private static final Attempt VLLM_ATTEMPT = new Attempt("vllm", "m", Attempt.REROUTED,
			FallbackReason.VLLM_MODEL_NOT_FOUND, Instant.parse("2026-11-27T12:00:00Z"), 3);

	private static RedisClient client;

	private static ResultRecorder results;

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redisUrl());
		ResultStore store = new ResultStore(client.connect().sync(), "ragline:recorder-it:", Duration.ofHours(1),
				Clock.systemUTC());
		results = new ResultRecorder(store, Clock.systemUTC(), AnswerMemory.disabled());
	}

	@AfterAll
	static void disconnect() {
		client.shutdown();
	}

	@Test
	void keepsTheFailedCallWhenTheFallbackAnswersBeforeThePrimaryRecordsTheReroute() {
		RetrievedQuery query = query();
		results.startGenerating(query);

		QueryResult fallbackStart = results.startFallback(query, REASON, VLLM_ATTEMPT).result();
		results.answered(fallbackStart, query, query.passages(), new Completion("answer", "llama3.2"), "ollama",
				Instant.now(), REASON);
		QueryResult late = results.rerouted(query.id(), REASON, VLLM_ATTEMPT).result();

		assertThat(late.status()).isEqualTo(QueryStatus.DONE);
		assertThat(late.attempts()).extracting(Attempt::backend, Attempt::outcome)
			.containsExactly(Tuple.tuple("vllm", "rerouted"), Tuple.tuple("ollama", "answered"));
	}

	@Test
	void recordsTheFailedCallOnceWhenThePrimaryRecordsTheRerouteFirst() {
		RetrievedQuery query = query();
		results.startGenerating(query);

		results.rerouted(query.id(), REASON, VLLM_ATTEMPT);
		QueryResult fallbackStart = results.startFallback(query, REASON, VLLM_ATTEMPT).result();

		assertThat(fallbackStart.status()).isEqualTo(QueryStatus.REROUTED);
		assertThat(fallbackStart.fallbackReason()).isEqualTo(REASON);
		assertThat(fallbackStart.attempts()).containsExactly(VLLM_ATTEMPT);
	}

	private static RetrievedQuery query() {
		return new RetrievedQuery(QueryMessage.of(UUID.randomUUID().toString(), "Why?"),
				List.of(new Passage("d", "T", "text", 1)), Instant.now());
	}

}
