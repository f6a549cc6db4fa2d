package dev.ragline.llm.generation;

import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.RaglineException;
import dev.ragline.kafka.Exceptions;
import dev.ragline.kafka.ReasonHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.RetryListener;

/**
 * Records in the result what the primary role's error handler did with a record, once the
 * record is safely on its new topic: REROUTED with the reason when it went to the
 * fallback topic, FAILED when it went to the dead topic.
 */
class RerouteRecorder implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(RerouteRecorder.class);

	private final ResultRecorder results;

	RerouteRecorder(ResultRecorder results) {
		this.results = results;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		if (Exceptions.find(ex, BackendUnavailableException.class) == null) {
			logger.warn("Retrieved record {}-{}@{} failed (attempt {}): {}", record.topic(), record.partition(),
					record.offset(), deliveryAttempt, ex.getMessage());
		}
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		BackendUnavailableException unavailable = Exceptions.find(ex, BackendUnavailableException.class);
		if (unavailable != null) {
			logger.debug("Query {} rerouted to the fallback backend: {}", unavailable.queryId(),
					unavailable.fallbackReason().detail());
			this.results.rerouted(unavailable.queryId(), unavailable.fallbackReason(), unavailable.attempt());
			return;
		}
		RaglineException ragline = Exceptions.find(ex, RaglineException.class);
		String id = (ragline != null && ragline.queryId() != null) ? ragline.queryId() : (String) record.key();
		String reason = (ragline != null) ? ragline.reason() : ReasonHeaders.PROCESSING_FAILED;
		logger.warn("Retrieved record {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
				record.offset(), ex.getMessage());
		if (id != null) {
			this.results.failed(id, new ErrorInfo(reason, messageOf(ragline, ex)));
		}
	}

	static String messageOf(RaglineException ragline, Exception ex) {
		Throwable cause = (ragline != null) ? ragline : ((ex.getCause() != null) ? ex.getCause() : ex);
		return String.valueOf(cause.getMessage());
	}

}
