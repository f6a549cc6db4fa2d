package dev.ragline.llm.generation;

import java.util.List;

import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.RaglineException;
import dev.ragline.kafka.Exceptions;
import dev.ragline.kafka.ReasonHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.RetryListener;

/**
 * Once a record of either role is on the dead-letter topic, marks its query FAILED with
 * why. A query the fallback backend gave up on too is {@code FALLBACK_FAILED}, with both
 * reasons: why the primary backend was skipped, and why the fallback failed.
 */
class FailureRecorder implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(FailureRecorder.class);

	private final ResultRecorder results;

	FailureRecorder(ResultRecorder results) {
		this.results = results;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		logger.warn("Record {}-{}@{} (query {}) failed, attempt {}: {}", record.topic(), record.partition(),
				record.offset(), record.key(), deliveryAttempt, message(ex));
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		RaglineException ragline = Exceptions.find(ex, RaglineException.class);
		String id = (ragline != null && ragline.queryId() != null) ? ragline.queryId() : (String) record.key();
		logger.warn("Record {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
				record.offset(), message(ex));
		if (id == null) {
			return;
		}
		String code = (ragline != null) ? ragline.reason() : ReasonHeaders.PROCESSING_FAILED;
		FallbackReason primary = ReasonHeaders.readFallbackReason(record.headers());
		if (primary == null) {
			this.results.failed(id, new ErrorInfo(code, message(ex)), List.of());
			return;
		}
		String both = "The fallback backend failed (" + code + "): " + message(ex)
				+ " | The primary backend had failed first (" + primary.code() + "): " + primary.detail();
		logger.error("Query {} FAILED: {}", id, both);
		this.results.failed(id, new ErrorInfo(ErrorInfo.FALLBACK_FAILED, both), List.of());
	}

	private static String message(Exception ex) {
		RaglineException ragline = Exceptions.find(ex, RaglineException.class);
		Throwable cause = (ragline != null) ? ragline : ((ex.getCause() != null) ? ex.getCause() : ex);
		return String.valueOf(cause.getMessage());
	}

}
