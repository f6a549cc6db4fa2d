package dev.ragline.llm.experiment;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.resultstore.ExperimentSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this worker's {@link Experiment} in line with the one shared in Redis
 * ({@link ExperimentSettings}), read every {@code interval}; while none is shared, the
 * worker runs its own configuration. When Redis cannot be read the worker keeps what it
 * runs (the pipeline itself is stalled on Redis then anyway).
 */
public class ExperimentFollower implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ExperimentFollower.class);

	private final ExperimentSettings shared;

	private final Experiment experiment;

	private final ExperimentSetting configured;

	private final ScheduledExecutorService timer;

	private volatile boolean failing;

	public ExperimentFollower(ExperimentSettings shared, Experiment experiment, ExperimentSetting configured,
			Duration interval) {
		this.shared = shared;
		this.experiment = experiment;
		this.configured = configured;
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "experiment-follower");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleWithFixedDelay(this::follow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Reads the shared setting now and runs it (or the configured one). */
	public void follow() {
		try {
			this.experiment.set(this.shared.read().orElse(this.configured));
			if (this.failing) {
				logger.info("The shared experiment setting can be read again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Cannot read the shared experiment setting; keeping {}: {}",
						Experiment.describe(this.experiment.setting()), ex.getMessage());
				this.failing = true;
			}
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
