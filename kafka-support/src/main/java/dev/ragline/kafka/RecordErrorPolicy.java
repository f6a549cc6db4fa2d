package dev.ragline.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.InvalidMessageException;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;

/**
 * What a stage does with a record it failed to process, the one policy of every stage:
 * <ul>
 * <li>{@link InvalidMessageException} and the types the stage names: not retried,
 * straight to the recoverer (the dead-letter topic);</li>
 * <li>{@link InfrastructureUnavailableException} (Redis or Kafka away): retried in place
 * for as long as it takes, waits growing to 5 s;</li>
 * <li>anything else: retried {@value BackOffs#DEFAULT_RETRIES} times with back-off, then
 * to the recoverer.</li>
 * </ul>
 * Listener containers get it as Spring Kafka's {@link DefaultErrorHandler}
 * ({@link #errorHandler}); the {@code ConcurrentRecordDispatcher} asks it directly.
 */
public final class RecordErrorPolicy {

	private final List<Class<? extends Exception>> notRetryable;

	private RecordErrorPolicy(List<Class<? extends Exception>> notRetryable) {
		this.notRetryable = List.copyOf(notRetryable);
	}

	/** The policy, with {@code notRetryable} going to the recoverer at once. */
	@SafeVarargs
	public static RecordErrorPolicy notRetrying(Class<? extends Exception>... notRetryable) {
		List<Class<? extends Exception>> types = new ArrayList<>(List.of(notRetryable));
		types.add(InvalidMessageException.class);
		return new RecordErrorPolicy(types);
	}

	/** Whether a record that failed with {@code exception} is tried again in place. */
	public boolean retries(Exception exception) {
		return this.notRetryable.stream().noneMatch((type) -> Exceptions.find(exception, type) != null);
	}

	/** The waits before retrying a record that failed with {@code exception}. */
	public BackOff backOff(Exception exception) {
		return (Exceptions.find(exception, InfrastructureUnavailableException.class) != null) ? BackOffs.unlimited()
				: BackOffs.limited();
	}

	/** This policy as Spring Kafka's error handler of a listener container. */
	public DefaultErrorHandler errorHandler(ConsumerRecordRecoverer recoverer, RetryListener... listeners) {
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, BackOffs.limited());
		handler.setBackOffFunction((record, exception) -> backOff(exception));
		for (Class<? extends Exception> type : this.notRetryable) {
			handler.addNotRetryableExceptions(type);
		}
		handler.setRetryListeners(listeners);
		return handler;
	}

}
