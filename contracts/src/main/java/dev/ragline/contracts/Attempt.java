package dev.ragline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * One try of one backend to answer a query, listed in the result document's
 * {@code attempts} so a user can see what was tried, how long it took and how it ended.
 *
 * @param backend {@link Backends} value
 * @param model the model asked, when known
 * @param outcome {@code answered}, {@code rerouted} or {@code failed}
 * @param reason reason code when the attempt did not answer
 * @param startedAt when the call started
 * @param durationMillis how long the call took
 */
public record Attempt(String backend, String model, String outcome, String reason, Instant startedAt,
		long durationMillis) {

	public static final String ANSWERED = "answered";

	public static final String REROUTED = "rerouted";

	public static final String FAILED = "failed";

	public Attempt {
		Objects.requireNonNull(backend, "backend");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(startedAt, "startedAt");
	}

}
