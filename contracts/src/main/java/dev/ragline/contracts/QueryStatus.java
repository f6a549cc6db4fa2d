package dev.ragline.contracts;

/**
 * Where a query is in its lifecycle. Written by every stage into the result document;
 * read by clients polling by id.
 *
 * <p>
 * Status only moves forward:
 * {@code QUEUED → RETRIEVING → GENERATING → (REROUTED) → DONE | FAILED}, and a final
 * status ({@link #DONE}, {@link #FAILED}, {@link #CANCELLED}) never changes again. A
 * repeated write of the same non-final status is allowed, so a stage may update its own
 * fields.
 */
public enum QueryStatus {

	/** Accepted and in Kafka; no worker has picked it up yet. */
	QUEUED(0),

	/** A retriever is finding the passages. */
	RETRIEVING(1),

	/** The primary LLM backend (vLLM) is generating the answer. */
	GENERATING(2),

	/**
	 * The primary backend failed; the query waits for or is being answered by the
	 * fallback.
	 */
	REROUTED(3),

	/** Answered. Final. */
	DONE(4),

	/** Could not be answered; {@code error} says why. Final. */
	FAILED(4),

	/** Cancelled by the client. Final. */
	CANCELLED(4);

	private final int rank;

	QueryStatus(int rank) {
		this.rank = rank;
	}

	/**
	 * The stage's place in the lifecycle: a status may move only to one of the same or a
	 * higher rank, and never from a final one (they share the highest).
	 */
	public int rank() {
		return this.rank;
	}

	public boolean isFinal() {
		return this.rank == DONE.rank;
	}

	/**
	 * Whether a document in this status may be rewritten with {@code next}: never from a
	 * final status, and never to an earlier stage.
	 */
	public boolean canMoveTo(QueryStatus next) {
		return !isFinal() && next.rank >= this.rank;
	}

	/** Whether this status is past {@code other} in the lifecycle. */
	public boolean isAfter(QueryStatus other) {
		return this.rank > other.rank;
	}

}
