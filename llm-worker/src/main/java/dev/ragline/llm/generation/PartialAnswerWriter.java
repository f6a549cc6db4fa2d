package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import dev.ragline.contracts.QueryResult;

/**
 * Writes a streamed answer to the result document as it grows, at most once per interval,
 * so a client polling (or listening) sees it take shape without a Redis write per token.
 */
final class PartialAnswerWriter implements Consumer<String> {

	private final ResultRecorder results;

	private QueryResult known;

	private final Duration interval;

	private final Clock clock;

	private Instant intervalStart;

	PartialAnswerWriter(ResultRecorder results, QueryResult known, Duration interval, Clock clock) {
		this.results = results;
		this.known = known;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * The document as the last partial write left it, for the final write to start from.
	 */
	QueryResult known() {
		return this.known;
	}

	@Override
	public void accept(String answerSoFar) {
		Instant now = this.clock.instant();
		if (this.intervalStart == null) {
			this.intervalStart = now;
		}
		else if (!now.isBefore(this.intervalStart.plus(this.interval))) {
			this.intervalStart = now;
			this.known = this.results.partial(this.known, answerSoFar);
		}
	}

}
