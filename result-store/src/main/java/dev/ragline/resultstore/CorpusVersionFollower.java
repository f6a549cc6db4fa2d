package dev.ragline.resultstore;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.ragline.contracts.InfrastructureUnavailableException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CorpusVersion} kept in memory, so that answering from the cache does not
 * cost a Redis round trip per request. Every bump is published and arrives here within
 * about a millisecond; as pub/sub drops messages while a connection is down, the counter
 * is also read again every {@code refresh}, which bounds how long an answer from an older
 * collection can still be served.
 */
public class CorpusVersionFollower implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CorpusVersionFollower.class);

	private static final long SUBSCRIBE_TIMEOUT_SECONDS = 5;

	private final CorpusVersion source;

	private final StatefulRedisPubSubConnection<String, String> connection;

	private final ScheduledExecutorService refresher;

	private final AtomicLong latest = new AtomicLong();

	/** Counts published bumps, so a slower read cannot undo a newer bump. */
	private final AtomicLong bumpsSeen = new AtomicLong();

	public CorpusVersionFollower(CorpusVersion source, StatefulRedisPubSubConnection<String, String> connection,
			Duration refresh) {
		this.source = source;
		this.connection = connection;
		connection.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				bumped(message);
			}
		});
		subscribe();
		refresh();
		this.refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "corpus-version-refresh");
			thread.setDaemon(true);
			return thread;
		});
		this.refresher.scheduleWithFixedDelay(this::refreshQuietly, refresh.toMillis(), refresh.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** The collection's version as last seen. */
	public long current() {
		return this.latest.get();
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
		this.connection.close();
	}

	private void subscribe() {
		try {
			this.connection.async().subscribe(this.source.key()).get(SUBSCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InfrastructureUnavailableException(null, "Interrupted while subscribing to corpus versions", ex);
		}
		catch (Exception ex) {
			throw new InfrastructureUnavailableException(null,
					"Redis did not confirm the subscription to " + this.source.key() + ": " + ex, ex);
		}
	}

	private void bumped(String message) {
		try {
			long version = Long.parseLong(message);
			this.bumpsSeen.incrementAndGet();
			this.latest.accumulateAndGet(version, Math::max);
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring a corpus version that is not a number: {}", message);
		}
	}

	/**
	 * Reads the counter. The stored value wins (it may also have gone down, when Redis
	 * lost its data), unless a bump arrived while reading: then the bump is newer.
	 */
	private void refresh() {
		long bumpsBefore = this.bumpsSeen.get();
		long stored = this.source.current();
		if (this.bumpsSeen.get() == bumpsBefore) {
			this.latest.set(stored);
		}
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not refresh the corpus version: {}", ex.getMessage());
		}
	}

}
