package dev.ragline.standalone.client;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;

/**
 * What {@code ./ragline ask} shows of a query: each new status on stderr, with the time
 * since the question was submitted, so stdout holds only the answer; the answer as it
 * grows; and at the end the sources and which backend answered (or, with {@code --json},
 * only the final document).
 */
final class AskView {

	private final PrintStream out;

	private final PrintStream err;

	private final boolean json;

	private final long submittedAt;

	private final AnswerStream answer;

	private QueryStatus shown;

	/**
	 * A view of one query.
	 * @param submittedAt {@link System#nanoTime()} when the question was sent
	 */
	AskView(PrintStream out, PrintStream err, boolean json, long submittedAt) {
		this.out = out;
		this.err = err;
		this.json = json;
		this.submittedAt = submittedAt;
		this.answer = new AnswerStream(out);
	}

	/** Shows a version of the document that is not final yet. */
	void progress(QueryResult result) {
		showStatus(result.status());
		if (!this.json) {
			this.answer.show(result.partialAnswer());
		}
	}

	/**
	 * Shows the final document.
	 * @return the exit status: 0 when the query was answered
	 */
	int end(ResultDocument document) {
		QueryResult result = document.result();
		if (this.json) {
			this.out.println(ResponseJson.pretty(document.json()));
		}
		else {
			this.answer.show(result.answer());
			this.answer.end();
			if (result.status() == QueryStatus.DONE) {
				printSources(result.sources());
				this.out.println(answeredBy(result));
			}
		}
		this.out.flush();
		showStatus(result.status());
		if (result.status() == QueryStatus.DONE) {
			return ClientCommand.EXIT_OK;
		}
		this.err.println("ragline: " + ((result.error() != null)
				? result.error().code() + ": " + result.error().message() : "the query ended " + result.status()));
		return ClientCommand.EXIT_FAILED;
	}

	private void showStatus(QueryStatus status) {
		if (status != this.shown) {
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.submittedAt);
			this.err.printf(Locale.ROOT, "%-10s %6d ms%n", status, millis);
			this.shown = status;
		}
	}

	private void printSources(List<Passage> sources) {
		this.out.println(sources.isEmpty() ? "Sources: none" : "Sources:");
		for (int i = 0; i < sources.size(); i++) {
			Passage source = sources.get(i);
			String title = source.title().isBlank() ? source.documentId() : source.title();
			this.out.printf(Locale.ROOT, "[%d] %s (score %.2f)%n", i + 1, title, source.score());
		}
	}

	private static String answeredBy(QueryResult result) {
		String by = "Answered by " + result.backend() + ((result.model() != null) ? " (" + result.model() + ")" : "");
		FallbackReason reroute = result.fallbackReason();
		return (reroute != null) ? by + " after a reroute: " + reroute.code() + ": " + reroute.detail() : by;
	}

}
