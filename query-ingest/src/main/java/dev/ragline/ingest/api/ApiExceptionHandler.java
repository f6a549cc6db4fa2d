package dev.ragline.ingest.api;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.ingest.IngestProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the API as {@code application/problem+json} (RFC 9457), each with a
 * {@code detail} that says what to fix. Spring's own errors (unsupported media type,
 * wrong method, ...) are problem details too ({@code spring.mvc.problemdetails.enabled}).
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private final IngestProperties properties;

	ApiExceptionHandler(IngestProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badRequest(BadRequestException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", ex);
		if (ex.field() != null) {
			problem.setProperty("field", ex.field());
		}
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, "Not found", ex));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> conflict(ConflictException ex) {
		return ResponseEntity.status(ex.status()).body(problem(ex.status(), "Conflict", ex));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", ex));
	}

	@ExceptionHandler({ ServiceUnavailableException.class, InfrastructureUnavailableException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable", ex);
		if (ex instanceof ServiceUnavailableException refused && refused.queryId() != null) {
			// reserved and refused for good: GET shows it FAILED with NOT_ACCEPTED
			problem.setProperty("id", refused.queryId());
		}
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(this.properties.retryAfter().toSeconds()))
			.body(problem);
	}

	private static ProblemDetail problem(HttpStatus status, String title, RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		return problem;
	}

}
