package dev.ragline.kafka;

import java.time.Duration;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Every retry in ragline waits by one mechanism, Spring's {@link BackOff}: exponential,
 * with random jitter so retries of many queries do not arrive together.
 */
public final class BackOffs {

	/** Retries of a record or call that failed in a way that may pass. */
	public static final int DEFAULT_RETRIES = 4;

	static final Duration DEFAULT_INITIAL = Duration.ofMillis(200);

	static final double DEFAULT_MULTIPLIER = 2.0;

	static final Duration DEFAULT_MAX = Duration.ofSeconds(5);

	/** The random share of each wait, up or down. */
	static final double DEFAULT_JITTER = 0.5;

	private BackOffs() {
	}

	/**
	 * Waits starting at {@code initial}, growing by {@code multiplier} up to {@code max},
	 * each moved at random by up to {@code jitter} of itself.
	 * @param maxRetries how many retries at most; {@code -1} for no limit
	 */
	public static ExponentialBackOff exponential(Duration initial, double multiplier, Duration max, double jitter,
			long maxRetries) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), multiplier);
		backOff.setMaxInterval(max.toMillis());
		backOff.setJitter(Math.round(initial.toMillis() * jitter));
		if (maxRetries >= 0) {
			backOff.setMaxAttempts(maxRetries);
		}
		return backOff;
	}

	/** {@value #DEFAULT_RETRIES} retries from 200 ms up to 5 s. */
	public static ExponentialBackOff limited() {
		return exponential(DEFAULT_INITIAL, DEFAULT_MULTIPLIER, DEFAULT_MAX, DEFAULT_JITTER, DEFAULT_RETRIES);
	}

	/** Retries for as long as it takes, from 200 ms up to 5 s apart. */
	public static ExponentialBackOff unlimited() {
		return exponential(DEFAULT_INITIAL, DEFAULT_MULTIPLIER, DEFAULT_MAX, DEFAULT_JITTER, -1);
	}

}
