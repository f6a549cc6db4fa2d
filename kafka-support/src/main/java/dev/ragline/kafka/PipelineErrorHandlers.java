package dev.ragline.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.RaglineException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How every stage treats a record it failed to process, on Spring Kafka's own machinery
 * ({@link DefaultErrorHandler}, {@link DeadLetterPublishingRecoverer}), so a failing
 * record never blocks its partition and is never lost:
 * <ul>
 * <li>{@link InvalidMessageException}: straight to the dead topic, not retried;</li>
 * <li>an exception type the stage reroutes (e.g. backend unavailable): straight to the
 * topic the stage names, not retried;</li>
 * <li>{@link InfrastructureUnavailableException} (Redis or Kafka down): retried with
 * back-off for as long as it takes;</li>
 * <li>an exception type the stage declares final: straight to the dead topic;</li>
 * <li>anything else: retried {@value #MAX_RETRIES} times with back-off, then to the dead
 * topic.</li>
 * </ul>
 * A record is published to its destination, and acknowledged by the broker, before its
 * offset is committed. Reason headers ({@code ragline.reason*}) say why; Spring's
 * {@code kafka_dlt-*} headers keep the original topic, partition, offset and exception.
 */
public class PipelineErrorHandlers {

	static final int MAX_RETRIES = 4;

	private static final long INITIAL_INTERVAL_MILLIS = 200;

	private static final double MULTIPLIER = 2.0;

	private static final long MAX_INTERVAL_MILLIS = 5_000;

	private final KafkaOperations<String, byte[]> template;

	private final TopicsProperties topics;

	public PipelineErrorHandlers(KafkaOperations<String, byte[]> template, TopicsProperties topics) {
		this.template = template;
		this.topics = topics;
	}

	/**
	 * An error handler sending every unprocessable record of {@code stage} to the dead
	 * topic.
	 */
	public DefaultErrorHandler forStage(String stage, RetryListener... listeners) {
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer(stage, Map.of()), limitedBackOff());
		handler.setBackOffFunction((record, exception) -> backOffFor(exception));
		handler.addNotRetryableExceptions(InvalidMessageException.class);
		handler.setRetryListeners(listeners);
		return handler;
	}

	/**
	 * Publishes a record {@code stage} gives up on: to the topic mapped to its exception
	 * type in {@code reroutes}, else to the dead topic, with reason headers; waits for
	 * the broker's ack.
	 */
	public DeadLetterPublishingRecoverer recoverer(String stage,
			Map<Class<? extends RaglineException>, String> reroutes) {
		Map<Class<? extends RaglineException>, String> routes = new LinkedHashMap<>(reroutes);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.template,
				(record, exception) -> new TopicPartition(destination(routes, exception), -1));
		recoverer.setHeadersFunction((record, exception) -> ReasonHeaders.of(stage, exception));
		// the reason headers say why; the stack trace stays in the stage's log
		recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
		return recoverer;
	}

	/**
	 * The back-off before retrying a record that failed with {@code exception}: unlimited
	 * for infrastructure outages, {@value #MAX_RETRIES} retries otherwise.
	 */
	public static BackOff backOffFor(Exception exception) {
		if (Exceptions.find(exception, InfrastructureUnavailableException.class) != null) {
			ExponentialBackOff unlimited = new ExponentialBackOff(INITIAL_INTERVAL_MILLIS, MULTIPLIER);
			unlimited.setMaxInterval(MAX_INTERVAL_MILLIS);
			return unlimited;
		}
		return limitedBackOff();
	}

	private String destination(Map<Class<? extends RaglineException>, String> routes, Exception exception) {
		RaglineException cause = Exceptions.find(exception, RaglineException.class);
		if (cause != null) {
			for (Map.Entry<Class<? extends RaglineException>, String> route : routes.entrySet()) {
				if (route.getKey().isInstance(cause)) {
					return route.getValue();
				}
			}
		}
		return this.topics.dead();
	}

	private static BackOff limitedBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(INITIAL_INTERVAL_MILLIS, MULTIPLIER);
		backOff.setMaxInterval(MAX_INTERVAL_MILLIS);
		backOff.setMaxAttempts(MAX_RETRIES);
		return backOff;
	}

}
