package dev.ragline.ingest.query;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.ingest.IngestProperties;
import dev.ragline.ingest.api.ConflictException;
import dev.ragline.ingest.api.ServiceUnavailableException;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.kafka.TraceIds;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.AnswerCacheProperties;
import dev.ragline.resultstore.CachedAnswer;
import dev.ragline.resultstore.CorpusVersionFollower;
import dev.ragline.resultstore.ResultStore;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Turns an accepted request into a query. A question answered before (same normalised
 * text, same settings, same collection) is answered at once from the cache. Otherwise the
 * query is QUEUED in Redis first (so a poll right after the answer finds it), then
 * published to Kafka and acknowledged by the broker; if Kafka does not acknowledge, the
 * QUEUED document is removed again, so nothing looks pending that no worker will ever
 * see. The cache lookup and the QUEUED write are one Redis round trip.
 */
class QuerySubmitter {

	private final ResultStore store;

	private final KafkaTemplate<String, byte[]> kafka;

	private final TopicsProperties topics;

	private final IngestProperties properties;

	private final IdempotencyKeys idempotencyKeys;

	private final AnswerCache cache;

	private final AnswerCacheProperties cacheProperties;

	private final CorpusVersionFollower corpusVersion;

	private final CacheLookups cacheLookups;

	private final Clock clock;

	/** What became of a submission. */
	record Submission(QueryResult result, boolean fromCache) {

	}

	QuerySubmitter(ResultStore store, KafkaTemplate<String, byte[]> kafka, TopicsProperties topics,
			IngestProperties properties, IdempotencyKeys idempotencyKeys, AnswerCache cache,
			AnswerCacheProperties cacheProperties, CorpusVersionFollower corpusVersion, CacheLookups cacheLookups,
			Clock clock) {
		this.store = store;
		this.kafka = kafka;
		this.topics = topics;
		this.properties = properties;
		this.idempotencyKeys = idempotencyKeys;
		this.cache = cache;
		this.cacheProperties = cacheProperties;
		this.corpusVersion = corpusVersion;
		this.cacheLookups = cacheLookups;
		this.clock = clock;
	}

	/**
	 * @param idempotencyKey the request's {@code Idempotency-Key}, or {@code null}
	 * @param client who sent it, to scope idempotency keys
	 */
	Submission submit(SubmitQueryRequest request, String idempotencyKey, String client) {
		// 122 random bits: ids cannot be guessed to read someone else's answer
		String id = UUID.randomUUID().toString();
		if (idempotencyKey != null) {
			String claimed = this.idempotencyKeys.claim(client, idempotencyKey, request, id);
			if (!claimed.equals(id)) {
				QueryResult earlier = this.store.find(claimed)
					.orElseThrow(() -> new ConflictException(HttpStatus.CONFLICT, "A request with Idempotency-Key '"
							+ idempotencyKey + "' is still being accepted; retry in a moment"));
				return new Submission(earlier, Backends.CACHE.equals(earlier.backend()));
			}
		}
		try {
			return accept(request, id);
		}
		catch (RuntimeException ex) {
			if (idempotencyKey != null) {
				this.idempotencyKeys.release(client, idempotencyKey);
			}
			throw ex;
		}
	}

	private Submission accept(SubmitQueryRequest request, String id) {
		Instant now = this.clock.instant();
		QueryMessage message = request.toMessage(id, now);
		QueryResult queued = QueryResult.create(id, request.question(), QueryStatus.QUEUED, now)
			.toBuilder()
			.traceId(TraceIds.current())
			.build();
		if (request.cache() && this.cacheProperties.enabled()) {
			String cacheKey = this.cache.key(message, this.corpusVersion.current());
			Optional<CachedAnswer> hit = this.store.createUnlessCached(queued, cacheKey).map(AnswerCache::read);
			this.cacheLookups.record(hit.isPresent());
			if (hit.isPresent()) {
				QueryResult answered = done(message, hit.get(), now);
				QueryResult stored = this.store.create(answered).orElseGet(() -> this.store.find(id).orElse(answered));
				return new Submission(stored, true);
			}
		}
		else {
			this.store.createIfAbsent(queued);
		}
		try {
			this.kafka.send(this.topics.queries(), id, MessageJson.toBytes(message))
				.get(this.properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unpublished(id, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw unpublished(id, ex);
		}
		return new Submission(queued, false);
	}

	private static QueryResult done(QueryMessage message, CachedAnswer answer, Instant now) {
		return QueryResult.create(message.id(), message.question(), QueryStatus.QUEUED, now)
			.toBuilder()
			.traceId(TraceIds.current())
			.status(QueryStatus.DONE, now)
			.answer(answer.answer())
			.sources(answer.sources())
			.backend(Backends.CACHE)
			.model(answer.model())
			.cachedFrom(answer.queryId())
			.attempt(Attempt.answered(Backends.CACHE, answer.model(), answer.sources().size(), now, 0))
			.build();
	}

	/**
	 * The refusal of a submission Kafka did not acknowledge. The producer may still
	 * deliver the record later (it retries for {@code delivery.timeout.ms}), so the
	 * reserved document is not deleted but made final, FAILED with {@code NOT_ACCEPTED}:
	 * every stage skips a final query, and a late record costs nothing.
	 */
	private ServiceUnavailableException unpublished(String id, Exception cause) {
		Instant now = this.clock.instant();
		String reason = "Kafka did not acknowledge the query within " + this.properties.publishTimeout();
		try {
			this.store.update(id,
					(current) -> (current == null || current.status().isFinal()) ? null
							: current.toBuilder()
								.status(QueryStatus.FAILED, now)
								.error(new ErrorInfo(ErrorInfo.NOT_ACCEPTED,
										reason + "; the submission was refused with 503 and is never answered"))
								.build());
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
		return new ServiceUnavailableException(id, reason + "; try again (with the same Idempotency-Key, if you sent "
				+ "one: a refused submission leaves it free)", cause);
	}

}
