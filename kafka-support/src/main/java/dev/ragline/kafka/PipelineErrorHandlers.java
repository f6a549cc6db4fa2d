package dev.ragline.kafka;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;

/**
 * Dead-lettering as every stage does it, on Spring Kafka's own machinery: a record a
 * stage gives up on ({@link RecordErrorPolicy}) is published to the dead topic with its
 * original bytes and reason headers ({@code ragline.reason*}, and Spring's
 * {@code kafka_dlt-*} headers with the original topic, partition, offset and exception),
 * and its offset is committed only once the broker acknowledged that.
 */
public class PipelineErrorHandlers {

	private final KafkaOperations<String, byte[]> template;

	private final TopicsProperties topics;

	public PipelineErrorHandlers(KafkaOperations<String, byte[]> template, TopicsProperties topics) {
		this.template = template;
		this.topics = topics;
	}

	/** Spring Kafka's error handler for a listener container of {@code stage}. */
	public DefaultErrorHandler forStage(String stage, RecordErrorPolicy policy, RetryListener... listeners) {
		return policy.errorHandler(deadLetters(stage), listeners);
	}

	/**
	 * Publishes a record {@code stage} gives up on to the dead topic, with reason
	 * headers; waits for the broker's ack.
	 */
	public DeadLetterPublishingRecoverer deadLetters(String stage) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.template,
				(record, exception) -> new org.apache.kafka.common.TopicPartition(this.topics.dead(), -1));
		recoverer.setHeadersFunction((record, exception) -> ReasonHeaders.of(stage, exception));
		// the reason headers say why; the stack trace stays in the stage's log
		recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
		return recoverer;
	}

}
