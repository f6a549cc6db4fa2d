package dev.ragline.ingest.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;

/**
 * A long poll answered without a second pass through Spring MVC: the document is written
 * on a container thread as soon as the wait ends. Spring's own asynchronous results (a
 * returned {@code CompletableFuture}) dispatch the request again through the filters, the
 * handler lookup and the return value handling, which cost about a fifth of the HTTP
 * layer's CPU under load. A wait that ends in a failure (no such query, Redis away) is
 * still dispatched again, so Spring MVC answers it as it answers every other error.
 */
final class LongPoll {

	private static final Logger logger = LoggerFactory.getLogger(LongPoll.class);

	private static final String FAILURE = LongPoll.class.getName() + ".failure";

	private LongPoll() {
	}

	/**
	 * Answers {@code request} with the document {@code answer} completes with, once it
	 * does; the handler that calls this returns without a body.
	 */
	static void answerWhenDone(HttpServletRequest request, CompletableFuture<String> answer) {
		AsyncContext async = request.startAsync();
		// the waiter's own timer ends every wait
		async.setTimeout(0);
		answer.whenComplete((document, failure) -> {
			if (failure == null) {
				async.start(() -> write(async, document));
			}
			else {
				request.setAttribute(FAILURE, unwrap(failure));
				async.dispatch();
			}
		});
	}

	/**
	 * On the dispatch that answers a failed wait, throws its failure for Spring MVC's
	 * error handling; on any other request does nothing.
	 */
	static void rethrowFailure(HttpServletRequest request) {
		if (request.getAttribute(FAILURE) instanceof RuntimeException failure) {
			throw failure;
		}
	}

	/** The document of a wait that has ended, or its failure thrown as it was. */
	static String resultOf(CompletableFuture<String> ended) {
		try {
			return ended.join();
		}
		catch (CompletionException ex) {
			throw unwrap(ex);
		}
	}

	private static void write(AsyncContext async, String document) {
		HttpServletResponse response = (HttpServletResponse) async.getResponse();
		byte[] body = document.getBytes(StandardCharsets.UTF_8);
		try {
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		catch (IOException ex) {
			logger.debug("A long poll's client went away before its answer: {}", ex.toString());
		}
		finally {
			async.complete();
		}
	}

	private static RuntimeException unwrap(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
	}

}
