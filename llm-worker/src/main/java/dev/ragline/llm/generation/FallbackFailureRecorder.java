package dev.ragline.llm.generation;

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
 * When the fallback backend gave up on a query too (its record is now on the dead topic),
 * marks the query FAILED with both reasons: why the primary backend was skipped, and why
 * the fallback failed.
 */
class FallbackFailureRecorder implements RetryListener {

	/** Error code of a query neither backend could answer. */
	static final String FALLBACK_FAILED = "FALLBACK_FAILED";

	private static final Logger logger = LoggerFactory.getLogger(FallbackFailureRecorder.class);

	private final ResultRecorder results;

	FallbackFailureRecorder(ResultRecorder results) {
		this.results = results;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		logger.warn("Fallback for query {} failed (attempt {}): {}", record.key(), deliveryAttempt, ex.getMessage());
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		RaglineException ragline = Exceptions.find(ex, RaglineException.class);
		String id = (ragline != null && ragline.queryId() != null) ? ragline.queryId() : (String) record.key();
		if (id == null) {
			return;
		}
		FallbackReason primary = ReasonHeaders.readFallbackReason(record.headers());
		String fallbackFailure = RerouteRecorder.messageOf(ragline, ex);
		String code = (ragline != null) ? ragline.reason() : FALLBACK_FAILED;
		String message = "The fallback backend failed (" + code + "): " + fallbackFailure + ((primary != null)
				? " | The primary backend had failed first (" + primary.code() + "): " + primary.detail() : "");
		logger.error("Query {} FAILED: {}", id, message);
		this.results.failed(id, new ErrorInfo(FALLBACK_FAILED, message));
	}

}
