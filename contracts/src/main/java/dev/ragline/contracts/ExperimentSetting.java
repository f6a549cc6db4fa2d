package dev.ragline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The backend experiment every llm-worker runs, kept in Redis so that one change (the
 * console, {@code PUT /api/experiment}, {@code ./ragline experiment} or a worker's
 * {@code /actuator/experiment}) reaches every worker within a second.
 *
 * @param mode {@link #OFF}; {@link #SHADOW}: a share of the queries is answered by its
 * primary and also sent to the other backend, the two answers compared; {@link #SPLIT}: a
 * share of the queries is answered by Ollama as its primary instead of vLLM
 * @param share the share of queries the experiment takes, 0 to 1 (by a hash of the query
 * id, so every worker and every redelivery decides alike)
 * @param shadowBackend in shadow mode, the backend the shadow calls go to: {@code ollama}
 * (vLLM answers, Ollama is compared with it) or {@code vllm} (Ollama answers the share,
 * vLLM is compared with it, e.g. before moving from Ollama to vLLM)
 * @param changedAt when it was set
 */
public record ExperimentSetting(String mode, double share, String shadowBackend, Instant changedAt) {

	public static final String OFF = "off";

	public static final String SHADOW = "shadow";

	public static final String SPLIT = "split";

	private static final List<String> MODES = List.of(OFF, SHADOW, SPLIT);

	private static final List<String> SHADOW_BACKENDS = List.of(Backends.OLLAMA, Backends.VLLM);

	/**
	 * @throws IllegalArgumentException naming what is wrong: an unknown mode or shadow
	 * backend, or a share outside 0 to 1
	 */
	public ExperimentSetting {
		mode = (mode != null) ? mode.strip().toLowerCase(Locale.ROOT) : OFF;
		if (!MODES.contains(mode)) {
			throw new IllegalArgumentException("mode must be one of " + MODES + ", not '" + mode + "'");
		}
		if (!(share >= 0 && share <= 1)) {
			throw new IllegalArgumentException("share must be between 0 and 1, not " + share);
		}
		shadowBackend = (shadowBackend != null) ? shadowBackend.strip().toLowerCase(Locale.ROOT) : Backends.OLLAMA;
		if (!SHADOW_BACKENDS.contains(shadowBackend)) {
			throw new IllegalArgumentException(
					"shadowBackend must be one of " + SHADOW_BACKENDS + ", not '" + shadowBackend + "'");
		}
	}

	/** No experiment. */
	public static ExperimentSetting off() {
		return new ExperimentSetting(OFF, 0, Backends.OLLAMA, null);
	}

	/** The primary of a query the shadow experiment takes. */
	public String shadowPrimary() {
		return Backends.OLLAMA.equals(this.shadowBackend) ? Backends.VLLM : Backends.OLLAMA;
	}

}
