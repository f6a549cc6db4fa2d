package dev.ragline.retriever.query;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.kafka.TraceIds;
import dev.ragline.resultstore.CorpusVersionFollower;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.Update;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.index.PassageIndex;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListener;

/**
 * One query in, one enriched query out: marks it RETRIEVING, finds its passages and
 * publishes it to the retrieved topic, waiting for the broker's ack so the offset is
 * committed only once the output is durable. A query already past retrieval (a duplicate
 * or late delivery) is skipped; one past its deadline is FAILED with EXPIRED.
 */
class QueryListener implements MessageListener<String, byte[]> {

	private static final Logger logger = LoggerFactory.getLogger(QueryListener.class);

	private final PassageIndex index;

	private final ResultStore store;

	private final KafkaTemplate<String, byte[]> kafka;

	private final TopicsProperties topics;

	private final RetrieverProperties properties;

	private final CorpusVersionFollower corpusVersion;

	private final Clock clock;

	QueryListener(PassageIndex index, ResultStore store, KafkaTemplate<String, byte[]> kafka, TopicsProperties topics,
			RetrieverProperties properties, CorpusVersionFollower corpusVersion, Clock clock) {
		this.index = index;
		this.store = store;
		this.kafka = kafka;
		this.topics = topics;
		this.properties = properties;
		this.corpusVersion = corpusVersion;
		this.clock = clock;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record) {
		QueryMessage query = QueryMessageReader.read(record.key(), record.value());
		Instant now = this.clock.instant();
		if (query.deadline() != null && !now.isBefore(query.deadline())) {
			expire(query, now);
			return;
		}
		Update started = this.store.advance(query.id(), QueryStatus.RETRIEVING, now,
				// published straight to Kafka, never seen by query-ingest
				() -> QueryResult.create(query.id(), query.question(), QueryStatus.RETRIEVING, now)
					.toBuilder()
					.traceId(TraceIds.current())
					.build());
		if (started.refused()) {
			logger.info("Skipping query {}: already {}", query.id(), started.result().status());
			return;
		}
		// read before searching: the retriever bumps the version only after its index has
		// the change, so the passages are at least as new as this version
		long corpusVersion = this.corpusVersion.current();
		int topK = (query.topK() != null) ? query.topK() : this.properties.topK();
		List<Passage> passages = this.index.search(query.question(), topK, this.properties.mode(),
				this.properties.candidates());
		publish(new RetrievedQuery(query, passages, this.clock.instant(), corpusVersion));
	}

	/**
	 * FAILED with EXPIRED: nobody waits for the answer any more, so no stage works on it.
	 */
	private void expire(QueryMessage query, Instant now) {
		Update expired = this.store.update(query.id(), (current) -> {
			QueryResult.Builder failed = (current != null) ? current.toBuilder()
					: QueryResult.create(query.id(), query.question(), QueryStatus.QUEUED, now).toBuilder();
			return failed.status(QueryStatus.FAILED, now)
				.error(new ErrorInfo(ErrorInfo.EXPIRED,
						"The query's deadline " + query.deadline() + " passed before its passages were retrieved"))
				.build();
		});
		logger.info("Query {} expired before retrieval (deadline {}){}", query.id(), query.deadline(),
				expired.applied() ? "" : "; it was already " + expired.result().status());
	}

	private void publish(RetrievedQuery retrieved) {
		try {
			this.kafka.send(this.topics.retrieved(), retrieved.id(), MessageJson.toBytes(retrieved))
				.get(this.properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(retrieved, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw unavailable(retrieved, ex);
		}
	}

	private InfrastructureUnavailableException unavailable(RetrievedQuery retrieved, Exception cause) {
		return new InfrastructureUnavailableException(retrieved.id(),
				"Could not publish to " + this.topics.retrieved() + ": " + cause, cause);
	}

}
