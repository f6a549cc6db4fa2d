package dev.ragline.ingest.query;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ragline.contracts.ErrorInfo;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.ingest.IngestProperties;
import dev.ragline.ingest.api.BadRequestException;
import dev.ragline.ingest.api.ClientIdentity;
import dev.ragline.ingest.api.ConflictException;
import dev.ragline.ingest.api.LimitedBody;
import dev.ragline.ingest.api.NotFoundException;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.Update;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/** Submit a question; read, wait for, follow or cancel its result by id. */
@RestController
@RequestMapping("/api/queries")
class QueryController {

	private final QuerySubmitter submitter;

	private final ResultWaiter waiter;

	private final ResultStore store;

	private final IngestProperties properties;

	private final Clock clock;

	QueryController(QuerySubmitter submitter, ResultWaiter waiter, ResultStore store, IngestProperties properties,
			Clock clock) {
		this.submitter = submitter;
		this.waiter = waiter;
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * 202 with the id once the query is in Kafka; 200 with the whole result when the
	 * answer came from the cache.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> submit(HttpServletRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			UriComponentsBuilder uri) {
		byte[] body = LimitedBody.read(request, this.properties.maxQuerySize(),
				"a question may be at most " + QueryMessage.MAX_QUESTION_LENGTH + " characters long");
		SubmitQueryRequest submission = SubmitQueryRequest.parse(body, this.clock);
		QuerySubmitter.Submission accepted = this.submitter.submit(submission, idempotencyKey,
				ClientIdentity.of(request));
		String id = accepted.result().id();
		URI location = uri.path("/api/queries/{id}").buildAndExpand(id).toUri();
		if (accepted.fromCache()) {
			return ResponseEntity.ok().location(location).body(MessageJson.toString(accepted.result()));
		}
		return ResponseEntity.accepted()
			.location(location)
			.body(MessageJson.toString(Map.of("id", id, "status", accepted.result().status().name())));
	}

	/**
	 * The result document exactly as stored in Redis; with {@code wait}, not before it is
	 * final or the wait is over.
	 */
	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> result(@PathVariable String id, @RequestParam(name = "wait", required = false) String wait,
			HttpServletRequest request) {
		LongPoll.rethrowFailure(request);
		if (wait == null) {
			return ResponseEntity.ok(this.store.findJson(id).orElseThrow(() -> new NotFoundException(unknown(id))));
		}
		CompletableFuture<String> answer = this.waiter.awaitFinal(id, waitDuration(wait))
			.thenApply((document) -> document.orElseThrow(() -> new NotFoundException(unknown(id))));
		if (answer.isDone()) {
			return ResponseEntity.ok(LongPoll.resultOf(answer));
		}
		LongPoll.answerWhenDone(request, answer);
		return null;
	}

	/**
	 * Server-Sent Events: one {@code result} event per change of the document, until it
	 * is final.
	 */
	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String id) {
		return this.waiter.stream(id, this.properties.maxEventStream());
	}

	/** Cancels a query that is not final yet; workers skip it from then on. */
	@DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> cancel(@PathVariable String id) {
		Instant now = this.clock.instant();
		Update update = this.store.update(id,
				(current) -> (current == null) ? null
						: current.toBuilder()
							.status(QueryStatus.CANCELLED, now)
							.error(new ErrorInfo(ErrorInfo.CANCELLED, "Cancelled by the client"))
							.partialAnswer(null)
							.build());
		if (update.result() == null) {
			throw new NotFoundException(unknown(id));
		}
		if (update.refused()) {
			throw new ConflictException(HttpStatus.CONFLICT,
					"Query '" + id + "' is already " + update.result().status() + " and can no longer be cancelled");
		}
		return ResponseEntity.ok(MessageJson.toString(update.result()));
	}

	static String unknown(String id) {
		return "No query with id '" + id + "': it was never submitted or its result has expired";
	}

	/**
	 * {@code wait} as {@code 10s}, {@code 500ms}, {@code 1m} or seconds, at most the
	 * configured maximum.
	 */
	private Duration waitDuration(String wait) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(wait, ChronoUnit.SECONDS);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("wait", "wait must be a duration like 10s, 500ms or 1m, not '" + wait + "'");
		}
		if (duration.isNegative()) {
			throw new BadRequestException("wait", "wait must not be negative");
		}
		Duration max = this.properties.maxWait();
		return (duration.compareTo(max) > 0) ? max : duration;
	}

}
