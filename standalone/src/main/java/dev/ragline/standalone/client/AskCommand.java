package dev.ragline.standalone.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.ragline.contracts.MessageJson;
import dev.ragline.standalone.client.ServerSentEventReader.Event;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./ragline ask "QUESTION"}: asks query-ingest over its HTTP API, as any client
 * does, and prints the answer while the backend writes it, then its sources and who
 * answered. The query is followed by its event stream; should the stream break before the
 * end, by long polls, so a dropped connection costs no answer. Exit status 0 when
 * answered, 1 when the query failed or query-ingest could not be asked, 2 for a mistake
 * in the options.
 */
@Command(name = "ragline ask", sortOptions = false, customSynopsis = "./ragline ask \"QUESTION\" [options]",
		description = {
				"Asks a running pipeline over its HTTP API, as any client does: prints the answer while the "
						+ "backend writes it (status changes on stderr), then its sources and which backend answered.",
				"Exit status 0 when answered, 1 when the query failed or query-ingest could not be asked, 2 for a "
						+ "mistake in the options." },
		optionListHeading = "%nOptions:%n", footer = "%nOptions take --name=value or --name value.")
public final class AskCommand implements Callable<Integer> {

	/** The event that carries a version of the result document. */
	private static final String RESULT_EVENT = "result";

	/** How long one long poll waits for the final document, once the stream broke. */
	private static final Duration POLL_WAIT = Duration.ofSeconds(10);

	@Parameters(paramLabel = "QUESTION", arity = "1..*", description = "the question (quoted, or as several words)")
	private List<String> question;

	@Mixin
	private ClientCommand.Options queryIngest;

	@Option(names = "--top-k", paramLabel = "N", description = "how many passages the answer is based on")
	private Integer topK;

	@Option(names = "--no-cache", description = "ask the LLM even when the answer is cached")
	private boolean noCache;

	@Option(names = "--json", description = "print only the final result document, as JSON")
	private boolean json;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "show this help and exit")
	private boolean help;

	private final Map<String, String> env;

	private final PrintStream out;

	private final PrintStream err;

	private AskCommand(Map<String, String> env, PrintStream out, PrintStream err) {
		this.env = env;
		this.out = out;
		this.err = err;
	}

	/**
	 * Asks the question in {@code args}.
	 * @return the exit status
	 */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		return ClientCommand.run(new AskCommand(env, out, err), args, out, err);
	}

	@Override
	public Integer call() {
		String request = MessageJson.toString(request());
		QueryIngestClient client = this.queryIngest.client(this.env);
		AskView view = new AskView(this.out, this.err, this.json, System.nanoTime());
		HttpResponse<String> response = client.submit(request);
		if (response.statusCode() == HttpURLConnection.HTTP_OK) {
			// answered from the cache, whole
			return view.end(ResultDocument.parse(response.body()));
		}
		String id = ResponseJson.read(response.body(), Accepted.class).id();
		return view.end(follow(client, id, view));
	}

	/** The body of {@code POST /api/queries}; the ranges are query-ingest's to check. */
	private Map<String, Object> request() {
		String question = String.join(" ", this.question);
		if (question.isBlank()) {
			throw new IllegalArgumentException("ask needs a question");
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("question", question);
		if (this.topK != null) {
			request.put("topK", this.topK);
		}
		if (this.noCache) {
			request.put("cache", false);
		}
		return request;
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
