package dev.ragline.ingest.query;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.ingest.IngestProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the query API as {@code application/problem+json} (RFC 9457), each with a
 * {@code detail} that says what to fix.
 */
@RestControllerAdvice(assignableTypes = QueryController.class)
class QueryApiExceptionHandler {

	private final IngestProperties properties;

	QueryApiExceptionHandler(IngestProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(InvalidRequestException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid query");
		if (ex.field() != null) {
			problem.setProperty("field", ex.field());
		}
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(QueryNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Unknown query");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	@ExceptionHandler({ SubmissionUnavailableException.class, InfrastructureUnavailableException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Temporarily unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(this.properties.retryAfter().toSeconds()))
			.body(problem);
	}

}
