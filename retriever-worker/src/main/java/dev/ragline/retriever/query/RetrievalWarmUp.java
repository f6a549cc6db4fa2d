package dev.ragline.retriever.query;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.index.PassageIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a replica's retrieval hot path before it serves: questions read from query
 * records, searched in the configured mode (so the embedding model has run and Lucene's
 * scoring code is compiled), and the enriched queries written and read as JSON, as the
 * query listener does for each query, without Redis or Kafka. It runs before readiness
 * goes UP and the listener joins its consumer group, for at most
 * {@code ragline.retriever.warm-up} and {@code ragline.retriever.warm-up-searches}: a
 * fresh replica that would otherwise answer its first queries interpreted and with a cold
 * model, while a backlog waits for it.
 * <p>
 * A replica that restarts on a snapshot has passages to search from the moment its index
 * opens, so it warms up {@link #startEarly early}, on a thread of its own as soon as the
 * model has loaded, while the rest of the application starts and the index catches up
 * with the topic. {@link #run} then ends that warm-up as soon as it has made
 * {@value #EARLY_MINIMUM_SEARCHES} searches (the first search's one-off costs, loading
 * and compiling, are behind it by then) instead of running one: on two cores a start is
 * bound by CPU, and searches made beside it are what a restart can afford without
 * delaying its readiness. A fresh replica warms up in full once its index has caught up.
 */
public class RetrievalWarmUp implements AutoCloseable {

	static final int EARLY_MINIMUM_SEARCHES = 20;

	private static final Logger logger = LoggerFactory.getLogger(RetrievalWarmUp.class);

	private final PassageIndex index;

	private final RetrieverProperties properties;

	private final Clock clock;

	private volatile boolean closed;

	/** Set when the replica is otherwise ready: an early warm-up ends at its minimum. */
	private volatile boolean otherwiseReady;

	private Thread early;

	private int earlySearches;

	public RetrievalWarmUp(PassageIndex index, RetrieverProperties properties, Clock clock) {
		this.index = index;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Starts warming up on a thread of its own when the index already holds passages (a
	 * snapshot), once the embedding model has loaded; otherwise leaves it to
	 * {@link #run}.
	 * @return whether it started
	 */
	public synchronized boolean startEarly() {
		if (this.early != null || !enabled()) {
			return false;
		}
		this.early = new Thread(() -> {
			try {
				this.index.awaitEmbedder();
			}
			catch (RuntimeException ex) {
				return; // the documents follower fails the start on it
			}
			int searches = warmUp("early, on the index snapshot", EARLY_MINIMUM_SEARCHES);
			synchronized (this) {
				this.earlySearches = searches;
			}
		}, "retrieval-warm-up");
		this.early.setDaemon(true);
		this.early.start();
		return true;
	}

	/**
	 * Warms up, or ends the warm-up {@link #startEarly} started once it has made its
	 * minimum of searches and waits for it; a failure is logged and left to the first
	 * real query to meet.
	 * @return the searches it made
	 */
	public int run() {
		Thread started;
		synchronized (this) {
			started = this.early;
		}
		if (started == null) {
			return enabled() ? warmUp("on the caught-up index", Integer.MAX_VALUE) : 0;
		}
		this.otherwiseReady = true;
		try {
			started.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		synchronized (this) {
			return this.earlySearches;
		}
	}

	/**
	 * Stops an early warm-up and waits for it: the index and the model it uses close
	 * after this.
	 */
	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		Thread started;
		synchronized (this) {
			started = this.early;
		}
		if (started != null) {
			started.join();
		}
	}

	private boolean enabled() {
		Duration limit = this.properties.warmUp();
		return !limit.isZero() && !limit.isNegative() && this.properties.warmUpSearches() > 0
				&& this.index.size().passages() > 0;
	}

	/**
	 * Searches until the time or search limit, or until the replica is otherwise ready
	 * once {@code minimumWhenReady} searches are made.
	 */
	private int warmUp(String when, int minimumWhenReady) {
		long start = System.nanoTime();
		long deadline = start + this.properties.warmUp().toNanos();
		long firstNanos = 0;
		int searches = 0;
		try {
			while (searches < this.properties.warmUpSearches() && System.nanoTime() < deadline && !this.closed
					&& !(this.otherwiseReady && searches >= minimumWhenReady)) {
				long searchStart = System.nanoTime();
				searchOnce(searches);
				if (searches == 0) {
					firstNanos = System.nanoTime() - searchStart;
				}
				searches++;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Retrieval warm-up stopped after {} searches: {}", searches, ex.toString());
			return searches;
		}
		String ended = (this.otherwiseReady && searches >= minimumWhenReady) ? ", ended as the replica was ready" : "";
		logger.info("Retrieval warmed up ({} mode, {}): {} searches in {} ms, the first {} ms{}",
				this.properties.mode(), when, searches, (System.nanoTime() - start) / 1_000_000,
				String.format("%.1f", firstNanos / 1e6), ended);
		return searches;
	}

	private void searchOnce(int n) {
		QueryMessage query = QueryMessage.of("warm-up-" + n, SampleQuestions.numbered(n, "warm-up"));
		QueryMessage read = QueryMessageReader.read(query.id(), MessageJson.toBytes(query));
		List<Passage> passages = this.index.search(read.question(), this.properties.topK(), this.properties.mode(),
				this.properties.candidates());
		RetrievedQuery retrieved = new RetrievedQuery(read, passages, this.clock.instant(), 0L);
		MessageJson.read(MessageJson.toBytes(retrieved), RetrievedQuery.class);
	}

}
