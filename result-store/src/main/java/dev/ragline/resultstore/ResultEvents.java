package dev.ragline.resultstore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells waiters when a result document changes, from the writes {@link ResultStore}
 * publishes on the document's channel. One Redis pub/sub connection serves all waiters of
 * a process; a channel is subscribed while at least one waiter listens to it.
 */
public class ResultEvents implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ResultEvents.class);

	/** How long a subscription may take to be confirmed by Redis. */
	static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

	private final StatefulRedisPubSubConnection<String, String> connection;

	private final ResultStore store;

	private final Duration subscribeTimeout;

	private final Map<String, Channel> channels = new ConcurrentHashMap<>();

	/** The waiters of one channel, and the subscription they all wait for. */
	private record Channel(List<Consumer<Event>> listeners, CompletableFuture<?> subscribed) {

	}

	public ResultEvents(StatefulRedisPubSubConnection<String, String> connection, ResultStore store) {
		this(connection, store, SUBSCRIBE_TIMEOUT);
	}

	ResultEvents(StatefulRedisPubSubConnection<String, String> connection, ResultStore store,
			Duration subscribeTimeout) {
		this.connection = connection;
		this.store = store;
		this.subscribeTimeout = subscribeTimeout;
		connection.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				deliver(channel, message);
			}
		});
	}

	/**
	 * Calls {@code listener} with every new version of the document of {@code id}, from
	 * the moment this returns. Callers read the current document after subscribing, so no
	 * change falls between the two. When Redis does not confirm the subscription, the
	 * listener is dropped again and a later subscription to the same id asks anew.
	 * @throws InfrastructureUnavailableException when Redis does not confirm it in time
	 */
	public Subscription subscribe(String id, Consumer<Event> listener) {
		String name = this.store.key(id);
		Channel channel;
		// one lock orders SUBSCRIBE and UNSUBSCRIBE commands as the waiters came and went
		synchronized (this) {
			channel = this.channels.computeIfAbsent(name, (key) -> new Channel(new CopyOnWriteArrayList<>(),
					this.connection.async().subscribe(key).toCompletableFuture()));
			channel.listeners().add(listener);
		}
		try {
			await(channel.subscribed(), id);
		}
		catch (InfrastructureUnavailableException ex) {
			unsubscribe(name, listener);
			forgetIfFailed(name, channel);
			throw ex;
		}
		return () -> unsubscribe(name, listener);
	}

	/** A subscription Redis refused is not one to wait for again. */
	private synchronized void forgetIfFailed(String name, Channel channel) {
		if (channel.subscribed().isCompletedExceptionally()) {
			this.channels.remove(name, channel);
		}
	}

	@Override
	public void close() {
		this.connection.close();
	}

	private synchronized void unsubscribe(String name, Consumer<Event> listener) {
		Channel channel = this.channels.get(name);
		if (channel != null && channel.listeners().remove(listener) && channel.listeners().isEmpty()) {
			this.channels.remove(name);
			this.connection.async().unsubscribe(name);
		}
	}

	private void deliver(String name, String message) {
		Channel channel = this.channels.get(name);
		if (channel == null) {
			return;
		}
		Event event;
		try {
			event = new Event(DocumentPeek.status(message), message);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring an unreadable result event on {}: {}", name, ex.getMessage());
			return;
		}
		for (Consumer<Event> listener : channel.listeners()) {
			try {
				listener.accept(event);
			}
			catch (RuntimeException ex) {
				logger.warn("A result listener on {} failed: {}", name, ex.getMessage());
			}
		}
	}

	private void await(CompletableFuture<?> subscribed, String id) {
		try {
			subscribed.get(this.subscribeTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InfrastructureUnavailableException(id, "Interrupted while subscribing to result events", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new InfrastructureUnavailableException(id, "Redis did not confirm the subscription: " + ex, ex);
		}
	}

	/**
	 * A new version of a result document. Only its status is read on delivery; the whole
	 * document is bound when a listener asks for it.
	 *
	 * @param status the document's status
	 * @param json the document exactly as stored in Redis
	 */
	public record Event(QueryStatus status, String json) {

		/** The document's version. */
		public long version() {
			return DocumentPeek.version(this.json);
		}

		/** The whole document. */
		public QueryResult result() {
			return MessageJson.read(this.json, QueryResult.class);
		}

	}

	/** Stops the listener it was returned for. */
	@FunctionalInterface
	public interface Subscription extends AutoCloseable {

		@Override
		void close();

	}

}
