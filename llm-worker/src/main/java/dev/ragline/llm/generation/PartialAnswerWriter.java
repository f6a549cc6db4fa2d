package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes a streamed answer to the result document as it grows, at most once per interval,
 * so a client polling (or listening) sees it take shape without a Redis write per token.
 */
final class PartialAnswerWriter implements Consumer<String> {

	private final ResultRecorder results;

	private final String id;

	private final Duration interval;

	private final Clock clock;

	private Instant lastWrite = Instant.MIN;

	PartialAnswerWriter(ResultRecorder results, String id, Duration interval, Clock clock) {
		this.results = results;
		this.id = id;
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	public void accept(String answerSoFar) {
		Instant now = this.clock.instant();
		if (this.lastWrite == Instant.MIN || !now.isBefore(this.lastWrite.plus(this.interval))) {
			this.lastWrite = now;
			this.results.partial(this.id, answerSoFar);
		}
	}

}
