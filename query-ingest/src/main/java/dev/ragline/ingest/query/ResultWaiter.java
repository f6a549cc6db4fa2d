package dev.ragline.ingest.query;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.ragline.contracts.QueryStatus;
import dev.ragline.ingest.api.NotFoundException;
import dev.ragline.resultstore.DocumentPeek;
import dev.ragline.resultstore.ResultEvents;
import dev.ragline.resultstore.ResultStore;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Waiting for a result without polling: a long-poll that answers as soon as the query is
 * final, and a stream of Server-Sent Events with every change (status, partial answer)
 * that ends with the final one. Both listen to the result store's events; no thread
 * waits.
 */
class ResultWaiter {

	static final String EVENT = "result";

	private final ResultStore store;

	private final ResultEvents events;

	private final ScheduledExecutorService timer;

	ResultWaiter(ResultStore store, ResultEvents events, ScheduledExecutorService timer) {
		this.store = store;
		this.events = events;
		this.timer = timer;
	}

	/**
	 * The document of {@code id} once it is final, or as it is when {@code wait} is over;
	 * empty when there is no such query.
	 */
	CompletableFuture<Optional<String>> awaitFinal(String id, Duration wait) {
		CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
		ResultEvents.Subscription subscription = this.events.subscribe(id, (event) -> {
			if (event.status().isFinal()) {
				answer.complete(Optional.of(event.json()));
			}
		});
		answer.whenComplete((result, failure) -> subscription.close());
		Optional<String> current = this.store.findJson(id);
		if (current.isEmpty() || isFinal(current.get())) {
			answer.complete(current);
		}
		else {
			ScheduledFuture<?> waitOver = this.timer.schedule(() -> completeWithCurrent(answer, id), wait.toMillis(),
					TimeUnit.MILLISECONDS);
			// answered early: the timer lets go of the answer now, not when the wait is
			// over (a 10 s wait at 50 queries/s kept 500 documents in memory)
			answer.whenComplete((result, failure) -> waitOver.cancel(false));
		}
		return answer;
	}

	/**
	 * The timer a waiter needs: one daemon thread that drops a cancelled wait from its
	 * queue at once.
	 */
	static ScheduledExecutorService newTimer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "result-wait-timer");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

	/**
	 * Completes a long poll whose wait is over with the document as it stands, or with
	 * the failure to read it (Redis away: the client gets a 503, not a request that never
	 * ends).
	 */
	private void completeWithCurrent(CompletableFuture<Optional<String>> answer, String id) {
		try {
			answer.complete(this.store.findJson(id));
		}
		catch (RuntimeException ex) {
			answer.completeExceptionally(ex);
		}
	}

	/**
	 * An event stream of the document of {@code id}: its current version, then each new
	 * one, closed after the final one.
	 * @throws NotFoundException when there is no such query
	 */
	SseEmitter stream(String id, Duration timeout) {
		SseEmitter emitter = new SseEmitter(timeout.toMillis());
		Sender sender = new Sender(emitter);
		ResultEvents.Subscription subscription = this.events.subscribe(id,
				(event) -> sender.send(event.version(), event.status(), event.json()));
		emitter.onCompletion(subscription::close);
		emitter.onTimeout(subscription::close);
		emitter.onError((error) -> subscription.close());
		Optional<String> current = this.store.findJson(id);
		if (current.isEmpty()) {
			subscription.close();
			throw new NotFoundException(QueryController.unknown(id));
		}
		sender.send(DocumentPeek.version(current.get()), DocumentPeek.status(current.get()), current.get());
		return emitter;
	}

	private static boolean isFinal(String json) {
		return DocumentPeek.status(json).isFinal();
	}

	/** Sends each version once, in order, and ends the stream after a final one. */
	private static final class Sender {

		private final SseEmitter emitter;

		private long lastVersion;

		private boolean closed;

		Sender(SseEmitter emitter) {
			this.emitter = emitter;
		}

		synchronized void send(long version, QueryStatus status, String json) {
			if (this.closed || version <= this.lastVersion) {
				return;
			}
			this.lastVersion = version;
			try {
				this.emitter.send(SseEmitter.event()
					.name(EVENT)
					.id(Long.toString(version))
					.data(json, MediaType.APPLICATION_JSON));
				if (status.isFinal()) {
					this.closed = true;
					this.emitter.complete();
				}
			}
			catch (IOException | IllegalStateException ex) {
				this.closed = true;
				this.emitter.completeWithError(ex);
			}
		}

	}

}
