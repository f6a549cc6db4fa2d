package dev.ragline.ingest.query;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.ingest.IngestProperties;
import dev.ragline.ingest.api.ServiceUnavailableException;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.resultstore.ResultStore;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Turns an accepted request into a query: QUEUED in Redis first (so a poll right after
 * the 202 finds it), then published to Kafka and acknowledged by the broker. If Kafka
 * does not acknowledge, the QUEUED document is removed again, so nothing looks pending
 * that no worker will ever see.
 */
@Service
class QuerySubmitter {

	private final ResultStore store;

	private final KafkaTemplate<String, byte[]> kafka;

	private final TopicsProperties topics;

	private final IngestProperties properties;

	private final Clock clock;

	QuerySubmitter(ResultStore store, KafkaTemplate<String, byte[]> kafka, TopicsProperties topics,
			IngestProperties properties, Clock clock) {
		this.store = store;
		this.kafka = kafka;
		this.topics = topics;
		this.properties = properties;
		this.clock = clock;
	}

	QueryMessage submit(SubmitQueryRequest request) {
		Instant now = this.clock.instant();
		// 122 random bits: ids cannot be guessed to read someone else's answer
		String id = UUID.randomUUID().toString();
		QueryMessage message = new QueryMessage(QueryMessage.SCHEMA_VERSION, id, request.question(), request.topK(),
				request.maxTokens(), request.temperature(), null, now);
		this.store.createIfAbsent(QueryResult.create(id, request.question(), QueryStatus.QUEUED, now));
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
		return message;
	}

	private ServiceUnavailableException unpublished(String id, Exception cause) {
		this.store.delete(id);
		return new ServiceUnavailableException(
				"Kafka did not acknowledge the query within " + this.properties.publishTimeout() + "; try again",
				cause);
	}

}
