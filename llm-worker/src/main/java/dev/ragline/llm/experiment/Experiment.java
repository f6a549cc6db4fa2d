package dev.ragline.llm.experiment;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which queries the experiment takes, changeable while the worker runs: in
 * {@link Mode#SHADOW} or {@link Mode#SPLIT}, a query is taken when its id falls in the
 * first {@code share} of the id space (a hash of the id, so every worker and every
 * redelivery decides the same).
 */
public class Experiment {

	/** What the experiment does. */
	public enum Mode {

		/** Nothing: every query is answered by its backend alone. */
		OFF,

		/** A share of the queries vLLM answered are also sent to Ollama. */
		SHADOW,

		/**
		 * A share of the queries are answered by Ollama as their primary, not by vLLM.
		 */
		SPLIT

	}

	private volatile Mode mode;

	private volatile double share;

	public Experiment(Mode mode, double share) {
		set(mode, share);
	}

	public Mode mode() {
		return this.mode;
	}

	public double share() {
		return this.share;
	}

	/** Changes the mode and the share (clamped to 0..1) from now on. */
	public final synchronized void set(Mode mode, double share) {
		this.mode = mode;
		this.share = Math.max(0, Math.min(1, share));
	}

	/** Whether the query {@code queryId} gets a shadow call. */
	public boolean shadows(String queryId) {
		return this.mode == Mode.SHADOW && fraction(queryId) < this.share;
	}

	/** Whether the query {@code queryId} is answered by Ollama as its primary. */
	public boolean splits(String queryId) {
		return this.mode == Mode.SPLIT && fraction(queryId) < this.share;
	}

	/** Where {@code queryId} falls in [0, 1). */
	static double fraction(String queryId) {
		CRC32 crc = new CRC32();
		crc.update(queryId.getBytes(StandardCharsets.UTF_8));
		return crc.getValue() / (double) (1L << 32);
	}

}
