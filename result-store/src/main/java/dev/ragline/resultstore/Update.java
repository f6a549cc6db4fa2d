package dev.ragline.resultstore;

import dev.ragline.contracts.QueryResult;

/**
 * The outcome of {@link ResultStore#update}.
 *
 * @param outcome whether the change was written
 * @param result the document as it stands after the call, or {@code null} when there is
 * none
 */
public record Update(Outcome outcome, QueryResult result) {

	public enum Outcome {

		/** The change was written. */
		APPLIED,

		/** The change asked to write nothing. */
		UNCHANGED,

		/**
		 * The change would have moved the status backwards or touched a final document.
		 */
		REFUSED

	}

	static Update applied(QueryResult result) {
		return new Update(Outcome.APPLIED, result);
	}

	static Update unchanged(QueryResult result) {
		return new Update(Outcome.UNCHANGED, result);
	}

	static Update refused(QueryResult result) {
		return new Update(Outcome.REFUSED, result);
	}

	public boolean applied() {
		return this.outcome == Outcome.APPLIED;
	}

	public boolean refused() {
		return this.outcome == Outcome.REFUSED;
	}

}
