package dev.ragline.kafka;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The trace id of the span current on this thread: the HTTP request's, a received
 * record's, or the one a dispatcher restored for a record. A stage that creates a query's
 * result document writes it there, so a user can open the query's trace.
 */
public final class TraceIds {

	private TraceIds() {
	}

	/** The current W3C trace id (32 hex digits), or {@code null} outside a trace. */
	public static String current() {
		SpanContext context = Span.current().getSpanContext();
		return context.isValid() ? context.getTraceId() : null;
	}

}
