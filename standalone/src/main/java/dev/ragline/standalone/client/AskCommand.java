package dev.ragline.standalone.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.ragline.contracts.MessageJson;
import dev.ragline.standalone.cli.Arguments;
import dev.ragline.standalone.client.ServerSentEventReader.Event;

/**
 * {@code ./ragline ask "QUESTION"}: asks query-ingest over its HTTP API, as any client
 * does, and prints the answer while the backend writes it, then its sources and who
 * answered. The query is followed by its event stream; should the stream break before the
 * end, by long polls, so a dropped connection costs no answer. Exit status 0 when
 * answered, 1 when the query failed or query-ingest could not be asked, 2 for a mistake
 * in the options.
 */
public final class AskCommand {

	static final String USAGE = "Usage: ./ragline ask \"QUESTION\" [--url=" + QueryIngestClient.DEFAULT_URL
			+ "] [--api-key=KEY] [--json] [--top-k=N] [--no-cache]";

	static final Set<String> VALUED = Set.of("url", "api-key", "top-k");

	static final Set<String> FLAGS = Set.of("json", "no-cache");

	/** The event that carries a version of the result document. */
	private static final String RESULT_EVENT = "result";

	/** How long one long poll waits for the final document, once the stream broke. */
	private static final Duration POLL_WAIT = Duration.ofSeconds(10);

	private AskCommand() {
	}

	/**
	 * Asks the question in {@code args}.
	 * @return the exit status
	 */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		return ClientCommand.run(args, VALUED, FLAGS, USAGE, err, (arguments) -> ask(arguments, env, out, err));
	}

	private static int ask(Arguments arguments, Map<String, String> env, PrintStream out, PrintStream err) {
		String request = MessageJson.toString(request(arguments));
		QueryIngestClient client = QueryIngestClient.of(arguments, env);
		AskView view = new AskView(out, err, arguments.flag("json"), System.nanoTime());
		HttpResponse<String> response = client.submit(request);
		if (response.statusCode() == HttpURLConnection.HTTP_OK) {
			// answered from the cache, whole
			return view.end(ResultDocument.parse(response.body()));
		}
		String id = ResponseJson.read(response.body(), Accepted.class).id();
		return view.end(follow(client, id, view));
	}

	/** The body of {@code POST /api/queries}; the ranges are query-ingest's to check. */
	private static Map<String, Object> request(Arguments arguments) {
		String question = String.join(" ", arguments.positional());
		if (question.isBlank()) {
			throw new IllegalArgumentException("ask needs a question");
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("question", question);
		arguments.value("top-k").ifPresent((topK) -> request.put("topK", number("top-k", topK)));
		if (arguments.flag("no-cache")) {
			request.put("cache", false);
		}
		return request;
	}

	private static int number(String option, String value) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + option + " must be a number, not '" + value + "'");
		}
	}

	/** Shows every version of the document until the final one, and returns that. */
	private static ResultDocument follow(QueryIngestClient client, String id, AskView view) {
		ResultDocument end = null;
		try (ServerSentEventReader events = client.events(id)) {
			end = finalEvent(events, view);
		}
		catch (IOException ex) {
			// the stream broke; the document is still in query-ingest's store
		}
		return (end != null) ? end : poll(client, id, view);
	}

	/**
	 * Shows the events' documents until the final one.
	 * @return the final document, or {@code null} when the stream ended before it
	 */
	private static ResultDocument finalEvent(ServerSentEventReader events, AskView view) throws IOException {
		for (Optional<Event> event = events.next(); event.isPresent(); event = events.next()) {
			if (RESULT_EVENT.equals(event.get().type())) {
				ResultDocument document = ResultDocument.parse(event.get().data());
				if (document.result().status().isFinal()) {
					return document;
				}
				view.progress(document.result());
			}
		}
		return null;
	}

	private static ResultDocument poll(QueryIngestClient client, String id, AskView view) {
		ResultDocument document = ResultDocument.parse(client.result(id, POLL_WAIT));
		while (!document.result().status().isFinal()) {
			view.progress(document.result());
			document = ResultDocument.parse(client.result(id, POLL_WAIT));
		}
		return document;
	}

	/** What {@code POST /api/queries} answers with 202. */
	record Accepted(String id) {

	}

}
