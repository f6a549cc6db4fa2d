package dev.ragline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.resultstore.ResultStoreProperties;
import dev.ragline.testsupport.FakeVllm;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What became of every submission, from the result documents in Redis (read as any client
 * would) and from the requests the fake backends received.
 */
final class Audit implements AutoCloseable {

	private static final int BATCH = 500;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	Audit(String redisUrl) {
		this.client = RedisClient.create(redisUrl);
		this.connection = this.client.connect();
	}

	/**
	 * Waits until every accepted query is final, at most {@code timeout} after
	 * {@code lastSent}.
	 * @return how long after {@code lastSent} that was (or the timeout)
	 */
	Duration awaitFinal(List<Submissions.Submission> submissions, Duration timeout, long lastSent)
			throws InterruptedException {
		List<String> ids = submissions.stream()
			.filter(Submissions.Submission::accepted)
			.map(Submissions.Submission::id)
			.toList();
		long deadline = lastSent + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (documents(ids).values().stream().allMatch((result) -> result != null && result.status().isFinal())) {
				break;
			}
			TimeUnit.MILLISECONDS.sleep(250);
		}
		return Duration.ofMillis((System.nanoTime() - lastSent) / 1_000_000);
	}

	ChaosReport report(List<Submissions.Submission> submissions, List<FakeVllm.Recorded> vllmCalls,
			List<FakeVllm.Recorded> ollamaCalls, FinalWrites finalWrites, Duration drain, List<String> faults) {
		Map<String, Integer> vllmByToken = countByToken(vllmCalls);
		Map<String, Integer> ollamaByToken = countByToken(ollamaCalls);
		Map<String, QueryResult> documents = documents(
				submissions.stream().map(Submissions.Submission::id).filter((id) -> id != null).toList());
		ChaosReport.Builder report = new ChaosReport.Builder(submissions.size(), faults, drain);
		for (Submissions.Submission submission : submissions) {
			boolean called = vllmByToken.containsKey(submission.token())
					|| ollamaByToken.containsKey(submission.token());
			QueryResult result = (submission.id() != null) ? documents.get(submission.id()) : null;
			if (submission.accepted()) {
				if (result == null || !result.status().isFinal()) {
					report.lost(submission.id(), (result != null) ? result.status() : null);
				}
				else if (result.status() == QueryStatus.DONE) {
					report.done(result.backend(), between(result, QueryStatus.QUEUED, QueryStatus.DONE),
							between(result, QueryStatus.QUEUED, QueryStatus.RETRIEVING),
							between(result, QueryStatus.RETRIEVING, QueryStatus.GENERATING),
							between(result, QueryStatus.GENERATING, QueryStatus.DONE));
				}
				else {
					report.failed((result.error() != null) ? result.error().code() : result.status().name());
				}
			}
			else if (submission.answered()) {
				report.refused(submission.status());
				boolean processed = called || (result != null && result.status() == QueryStatus.DONE);
				if (processed) {
					report.ghost(submission.token());
				}
			}
			else {
				report.unanswered(called);
			}
		}
		report.duplicateCalls(duplicates(vllmByToken), duplicates(ollamaByToken));
		report.finalWrites(finalWrites.duplicates(), finalWrites.events());
		return report.build();
	}

	/**
	 * Milliseconds from reaching {@code from} to reaching {@code to}; NaN if either is
	 * unknown.
	 */
	private static double between(QueryResult result, QueryStatus from, QueryStatus to) {
		Instant start = result.timestamps().get(from);
		Instant end = result.timestamps().get(to);
		return (start != null && end != null) ? Duration.between(start, end).toNanos() / 1e6 : Double.NaN;
	}

	private static Map<String, Integer> countByToken(List<FakeVllm.Recorded> calls) {
		Map<String, Integer> counts = new HashMap<>();
		for (FakeVllm.Recorded call : calls) {
			String token = Submissions.tokenIn(call.body());
			if (token != null) {
				counts.merge(token, 1, Integer::sum);
			}
		}
		return counts;
	}

	private static long duplicates(Map<String, Integer> counts) {
		return counts.values().stream().mapToLong((count) -> count - 1L).sum();
	}

	/** The result documents of {@code ids}; {@code null} where there is none. */
	private Map<String, QueryResult> documents(List<String> ids) {
		Map<String, QueryResult> documents = new TreeMap<>();
		for (int from = 0; from < ids.size(); from += BATCH) {
			List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
			String[] keys = batch.stream()
				.map((id) -> ResultStoreProperties.DEFAULT_KEY_PREFIX + id)
				.toArray(String[]::new);
			List<KeyValue<String, String>> values = this.connection.sync().mget(keys);
			for (int i = 0; i < batch.size(); i++) {
				KeyValue<String, String> value = values.get(i);
				documents.put(batch.get(i),
						value.hasValue() ? MessageJson.read(value.getValue(), QueryResult.class) : null);
			}
		}
		return documents;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(0, 2, TimeUnit.SECONDS);
	}

}
