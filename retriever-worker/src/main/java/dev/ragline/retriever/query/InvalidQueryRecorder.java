package dev.ragline.retriever.query;

import java.time.Clock;
import java.time.Instant;

import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.kafka.Exceptions;
import dev.ragline.kafka.ReasonHeaders;
import dev.ragline.resultstore.ResultStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.RetryListener;

/**
 * After a query record was dead-lettered, marks the query FAILED with the reason, when
 * its id could be read, so a client polling that id learns why instead of waiting
 * forever.
 */
class InvalidQueryRecorder implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(InvalidQueryRecorder.class);

	private final ResultStore store;

	private final Clock clock;

	InvalidQueryRecorder(ResultStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		logger.warn("Query record {}-{}@{} failed (attempt {}): {}", record.topic(), record.partition(),
				record.offset(), deliveryAttempt, ex.getMessage());
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		InvalidMessageException invalid = Exceptions.find(ex, InvalidMessageException.class);
		String id = (invalid != null) ? invalid.queryId() : (String) record.key();
		String reason = (invalid != null) ? invalid.reason() : ReasonHeaders.PROCESSING_FAILED;
		String message = (invalid != null) ? invalid.getMessage() : String.valueOf(ex.getMessage());
		logger.warn("Query record {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
				record.offset(), message);
		if (id == null || id.isBlank()
				|| (invalid != null && InvalidMessageException.ID_MISMATCH.equals(invalid.reason()))) {
			// no id, or two ids: there is no single query this record can be blamed on
			return;
		}
		Instant now = this.clock.instant();
		this.store.update(id, (current) -> {
			QueryResult.Builder failed = (current != null) ? current.toBuilder()
					: QueryResult.create(id, null, QueryStatus.FAILED, now).toBuilder();
			return failed.status(QueryStatus.FAILED, now).error(new ErrorInfo(reason, message)).build();
		});
	}

}
