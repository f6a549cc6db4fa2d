package dev.ragline.resultstore;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.ragline.contracts.WorkerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Writes this worker's status to the {@link WorkerStatusBoard} at a fixed interval while
 * the worker runs, and removes it when the worker stops. A failed write (Redis away) is
 * logged at DEBUG and tried again at the next tick: the status is for people watching,
 * never a reason to stop working, nor to stop slowly: with Redis away, a stopping worker
 * leaves its status to expire instead of waiting for the command timeout.
 */
public class WorkerStatusReporter implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WorkerStatusReporter.class);

	private final WorkerStatusBoard board;

	private final Duration interval;

	private final Function<Identity, WorkerStatus> status;

	private final Identity identity;

	private ScheduledExecutorService timer;

	private volatile String service;

	/**
	 * Who this process is, for its status.
	 *
	 * @param instance host and process id
	 * @param startedAt when the JVM started
	 */
	public record Identity(String instance, Instant startedAt) {

		/** This JVM. */
		public static Identity ofThisProcess() {
			long pid = ProcessHandle.current().pid();
			return new Identity(host() + ":" + pid,
					Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
		}

		private static String host() {
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				return "localhost";
			}
		}

	}

	/**
	 * @param status builds the status at each tick, given who this process is
	 */
	public WorkerStatusReporter(WorkerStatusBoard board, Duration interval, Function<Identity, WorkerStatus> status) {
		this.board = board;
		this.interval = interval;
		this.status = status;
		this.identity = Identity.ofThisProcess();
	}

	@Override
	public synchronized void start() {
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "worker-status");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleWithFixedDelay(this::report, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Writes the status now. */
	void report() {
		try {
			WorkerStatus current = this.status.apply(this.identity);
			this.service = current.service();
			this.board.write(current, this.interval.multipliedBy(3));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write this worker's status: {}", ex.toString());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.timer == null) {
			return;
		}
		boolean reachable = this.board.reachable();
		if (reachable) {
			this.timer.shutdown();
			try {
				// a write under way would put the status back after its removal
				this.timer.awaitTermination(this.interval.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		else {
			// a write under way waits for a Redis that is away: interrupted
			this.timer.shutdownNow();
		}
		this.timer = null;
		if (this.service == null) {
			return;
		}
		if (!reachable) {
			logger.debug("Redis is away: this worker's status is left to expire");
			return;
		}
		try {
			this.board.remove(this.service, this.identity.instance());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove this worker's status: {}", ex.toString());
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.timer != null;
	}

}
