package dev.ragline.kafka.concurrent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ragline.kafka.BackOffs;
import dev.ragline.kafka.RecordErrorPolicy;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Processes up to {@code maxInFlight} records at once on worker threads, across all
 * partitions of a listener container, for stages whose work is slow (an LLM call may take
 * minutes).
 *
 * <p>
 * The consumer thread only hands records over, so it keeps polling and the group
 * membership survives calls longer than {@code max.poll.interval.ms}. When
 * {@code maxInFlight} records are running the container is paused; records already
 * fetched wait in memory. Offsets are acknowledged strictly in order per partition and
 * only for finished records (see {@link InFlightWindow}), with the container in
 * {@code MANUAL} ack mode: a process killed at any moment loses nothing, it only makes
 * some records run again. With a commit interval (see {@link #attachTo}) the records
 * finished within it share one commit, and a revocation commits its partitions' finished
 * records before they move.
 *
 * <p>
 * A record whose processing throws is handled by the stage's {@link RecordErrorPolicy},
 * as Spring's {@code DefaultErrorHandler} would: retried in place with back-off, or given
 * to the recoverer (Spring Kafka's {@code DeadLetterPublishingRecoverer}), and only once
 * the broker acknowledged that is the record finished. Retry listeners hear of every
 * failure and recovery, as with Spring's own error handlers.
 */
public class ConcurrentRecordDispatcher
		implements AcknowledgingMessageListener<String, byte[]>, ConsumerAwareRebalanceListener, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ConcurrentRecordDispatcher.class);

	/**
	 * The context of the thread that received a record (the listener's observation, so
	 * its trace), restored on the worker that processes it: the backend calls and the
	 * records published for it join the query's trace, its log lines carry the trace id.
	 */
	private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

	private final String name;

	private final RecordProcessor processor;

	private final ConsumerRecordRecoverer recoverer;

	private final RecordErrorPolicy policy;

	private final List<RetryListener> listeners;

	private final int maxInFlight;

	private final Duration handOffTimeout;

	private final ExecutorService workers;

	private final InFlightWindow window = new InFlightWindow();

	private final Deque<Waiting> waiting = new ArrayDeque<>();

	/** A record received and the context it was received in. */
	private record Waiting(ConsumerRecord<String, byte[]> record, ContextSnapshot context) {

	}

	private int running;

	/** How many may run now: {@link #maxInFlight}, or fewer while held back. */
	private int limit;

	/** Records running per partition, guarded by this. */
	private final Map<TopicPartition, Integer> runningPerPartition = new HashMap<>();

	private boolean pausedByUs;

	private volatile boolean stopping;

	private volatile boolean lifecycleRunning;

	private MessageListenerContainer container;

	/**
	 * How long a finished record's acknowledgment may wait to be committed together with
	 * later ones; zero commits each at once.
	 */
	private Duration commitInterval = Duration.ZERO;

	/** The newest acknowledgment per partition not yet handed to the container. */
	private final Map<TopicPartition, Acknowledgment> pendingAcks = new HashMap<>();

	private final ScheduledExecutorService commits;

	private boolean flushScheduled;

	public ConcurrentRecordDispatcher(String name, RecordProcessor processor, ConsumerRecordRecoverer recoverer,
			RecordErrorPolicy policy, List<RetryListener> listeners, int maxInFlight, Duration handOffTimeout) {
		this.name = name;
		this.processor = processor;
		this.recoverer = recoverer;
		this.policy = policy;
		this.listeners = List.copyOf(listeners);
		this.maxInFlight = maxInFlight;
		this.limit = maxInFlight;
		this.handOffTimeout = handOffTimeout;
		this.workers = Executors.newFixedThreadPool(maxInFlight, threads(name));
		this.commits = Executors.newSingleThreadScheduledExecutor(threads(name + "-commits"));
	}

	/**
	 * Wires this dispatcher into {@code container}: as its listener and rebalance
	 * listener. With the container's ack mode {@code TIME} or {@code COUNT_TIME}
	 * ({@code spring.kafka.listener.ack-mode}), finished records are committed together
	 * at most once per {@code ack-time}, as the container itself would commit; with any
	 * other, each is acknowledged as soon as it and every earlier record of its partition
	 * finished.
	 */
	public void attachTo(AbstractMessageListenerContainer<String, byte[]> container) {
		this.container = container;
		ContainerProperties properties = container.getContainerProperties();
		properties.setMessageListener(this);
		properties.setConsumerRebalanceListener(this);
		if (properties.getAckMode() == ContainerProperties.AckMode.TIME
				|| properties.getAckMode() == ContainerProperties.AckMode.COUNT_TIME) {
			this.commitInterval = Duration.ofMillis(properties.getAckTime());
		}
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
		this.window.add(record, ack);
		synchronized (this) {
			this.waiting.addLast(new Waiting(record, CONTEXT.captureAll()));
			startWaiting();
		}
	}

	/** Records being processed now. */
	public synchronized int running() {
		return this.running;
	}

	/** Records fetched and waiting for a free slot. */
	public synchronized int waiting() {
		return this.waiting.size();
	}

	public int maxInFlight() {
		return this.maxInFlight;
	}

	/** How many records may run at once now: {@link #maxInFlight()} unless held back. */
	public synchronized int limit() {
		return this.limit;
	}

	/**
	 * Lets at most {@code limit} records run at once from now on (between 1 and
	 * {@link #maxInFlight()}): records running above a lowered limit finish, no new one
	 * starts until the running ones are below it; a raised limit starts waiting records
	 * at once.
	 */
	public synchronized void limitTo(int limit) {
		this.limit = Math.max(1, Math.min(this.maxInFlight, limit));
		startWaiting();
	}

	/**
	 * Hands revoked partitions over cleanly (another member joined, or this one leaves):
	 * their fetched records that have not started are dropped, for the new owner to
	 * process; their running calls may finish within the hand-off timeout, and their
	 * offsets are committed by the container right after this returns. Only calls still
	 * running after that are left uncommitted and made again by the new owner.
	 */
	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (partitions.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		int dropped;
		int runningAtRevocation;
		int stillRunning;
		synchronized (this) {
			int before = this.waiting.size();
			this.waiting.removeIf((waiting) -> partitions.contains(partition(waiting.record())));
			dropped = before - this.waiting.size();
			runningAtRevocation = runningIn(partitions);
			long deadline = start + this.handOffTimeout.toNanos();
			while (runningIn(partitions) > 0 && System.nanoTime() < deadline) {
				try {
					wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			stillRunning = runningIn(partitions);
			adjustPause();
		}
		this.window.revoke(partitions);
		acknowledgePending(partitions);
		if (runningAtRevocation + dropped > 0) {
			logger.info(
					"{}: handing off {}: {} running calls finished and committed in {} ms, {} fetched records "
							+ "left to the new owner, {} calls still running after {} (the new owner makes them again)",
					this.name, partitions, runningAtRevocation - stillRunning,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), dropped, stillRunning,
					this.handOffTimeout);
		}
	}

	// guarded by this
	private int runningIn(Collection<TopicPartition> partitions) {
		int count = 0;
		for (TopicPartition partition : partitions) {
			count += this.runningPerPartition.getOrDefault(partition, 0);
		}
		return count;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			logger.info("{}: assigned {}", this.name, partitions);
		}
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		forget(partitions);
	}

	/**
	 * Lost partitions (this member was thrown out of the group): their records go to the
	 * new owner as they are, nothing more is committed for them.
	 */
	private void forget(Collection<TopicPartition> partitions) {
		this.window.revoke(partitions);
		synchronized (this.pendingAcks) {
			partitions.forEach(this.pendingAcks::remove);
		}
		synchronized (this) {
			this.waiting.removeIf((waiting) -> partitions.contains(partition(waiting.record())));
			adjustPause();
		}
	}

	private static TopicPartition partition(ConsumerRecord<?, ?> record) {
		return new TopicPartition(record.topic(), record.partition());
	}

	// guarded by this
	private void startWaiting() {
		while (!this.stopping && this.running < this.limit && !this.waiting.isEmpty()) {
			Waiting next = this.waiting.pollFirst();
			this.running++;
			this.runningPerPartition.merge(partition(next.record()), 1, Integer::sum);
			this.workers.execute(next.context().wrap(() -> run(next.record())));
		}
		adjustPause();
	}

	// guarded by this
	private void adjustPause() {
		if (this.container == null) {
			return;
		}
		boolean full = this.running >= this.limit || !this.waiting.isEmpty();
		if (full && !this.pausedByUs) {
			this.pausedByUs = true;
			this.container.pause();
		}
		else if (!full && this.pausedByUs && !this.stopping) {
			this.pausedByUs = false;
			this.container.resume();
		}
	}

	private void run(ConsumerRecord<String, byte[]> record) {
		try {
			if (processWithRetries(record)) {
				acknowledgeFinished(record);
			}
		}
		finally {
			synchronized (this) {
				this.running--;
				this.runningPerPartition.merge(partition(record), -1, Integer::sum);
				startWaiting();
				notifyAll();
			}
		}
	}

	/**
	 * Marks {@code record} finished and acknowledges what that completes: at once, or,
	 * with a commit interval, the partition's newest acknowledgment is kept until the
	 * interval that began with the first waiting one is over (one commit for every record
	 * finished in it). One lock for both steps: of two records of a partition finishing
	 * at once, the later step keeps the newer acknowledgment.
	 */
	private void acknowledgeFinished(ConsumerRecord<String, byte[]> record) {
		synchronized (this.pendingAcks) {
			Acknowledgment ack = this.window.finish(record);
			if (ack == null) {
				return;
			}
			if (this.commitInterval.isZero()) {
				ack.acknowledge();
				return;
			}
			this.pendingAcks.put(partition(record), ack);
			if (!this.flushScheduled) {
				this.flushScheduled = true;
				this.commits.schedule(() -> acknowledgePending(null), this.commitInterval.toMillis(),
						TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Hands the waiting acknowledgments of {@code partitions} (all when null) to the
	 * container. Under the lock, so a revocation's own call and the interval's do not
	 * cross: once a revocation returned, nothing more is acknowledged for its partitions.
	 */
	private void acknowledgePending(Collection<TopicPartition> partitions) {
		synchronized (this.pendingAcks) {
			if (partitions == null) {
				this.flushScheduled = false;
				this.pendingAcks.values().forEach(Acknowledgment::acknowledge);
				this.pendingAcks.clear();
			}
			else {
				for (TopicPartition partition : partitions) {
					Acknowledgment ack = this.pendingAcks.remove(partition);
					if (ack != null) {
						ack.acknowledge();
					}
				}
			}
		}
	}

	/**
	 * @return whether the record is finished: processed, or published to where it must go
	 */
	private boolean processWithRetries(ConsumerRecord<String, byte[]> record) {
		BackOffExecution backOff = null;
		int attempt = 0;
		while (!this.stopping) {
			attempt++;
			try {
				this.processor.process(record);
				return true;
			}
			catch (Exception ex) {
				for (RetryListener listener : this.listeners) {
					listener.failedDelivery(record, ex, attempt);
				}
				if (this.policy.retries(ex)) {
					backOff = (backOff != null) ? backOff : this.policy.backOff(ex).start();
					long wait = backOff.nextBackOff();
					if (wait != BackOffExecution.STOP) {
						if (!sleep(wait)) {
							return false;
						}
						continue;
					}
				}
				return recover(record, ex);
			}
		}
		return false;
	}

	private boolean recover(ConsumerRecord<String, byte[]> record, Exception cause) {
		BackOffExecution backOff = BackOffs.unlimited().start();
		while (!this.stopping) {
			try {
				// no consumer: KafkaConsumer is not thread-safe, and the recoverer does
				// not need it
				this.recoverer.accept(record, cause);
				for (RetryListener listener : this.listeners) {
					listener.recovered(record, cause);
				}
				return true;
			}
			catch (RuntimeException ex) {
				logger.warn("{}: could not publish record {}-{}@{} to its recovery topic, retrying: {}", this.name,
						record.topic(), record.partition(), record.offset(), ex.getMessage());
				for (RetryListener listener : this.listeners) {
					listener.recoveryFailed(record, cause, ex);
				}
				if (!sleep(backOff.nextBackOff())) {
					return false;
				}
			}
		}
		return false;
	}

	private boolean sleep(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void start() {
		this.lifecycleRunning = true;
	}

	/**
	 * Stops taking records and waits up to the hand-off timeout for running ones to
	 * finish. The container has stopped by now and its consumer has already handed its
	 * partitions off, so normally nothing is left running; this matters for a dispatcher
	 * stopped on its own.
	 */
	@Override
	public void stop() {
		synchronized (this) {
			this.stopping = true;
			this.waiting.clear();
			if (this.container != null) {
				this.container.pause();
			}
			long deadline = System.nanoTime() + this.handOffTimeout.toNanos();
			while (this.running > 0 && System.nanoTime() < deadline) {
				try {
					wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			if (this.running > 0) {
				logger.warn("{}: {} records still running after {}; they will be processed again after a restart",
						this.name, this.running, this.handOffTimeout);
			}
		}
		acknowledgePending(null);
		this.workers.shutdownNow();
		this.commits.shutdownNow();
		this.lifecycleRunning = false;
	}

	@Override
	public boolean isRunning() {
		return this.lifecycleRunning;
	}

	/**
	 * Stops after the listener container (lower phases stop later): the container's stop
	 * closes the consumer, which hands its partitions off through
	 * {@link #onPartitionsRevokedBeforeCommit}, commits and leaves the group; Spring
	 * waits for that to complete. Were this stopped first, the container, which depends
	 * on it, would be stopped as its dependent without Spring waiting for it, and the JVM
	 * could end before the consumer left the group (its partitions would then wait for
	 * the session timeout).
	 */
	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
	}

	private static ThreadFactory threads(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
