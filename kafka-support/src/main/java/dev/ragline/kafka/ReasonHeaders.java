package dev.ragline.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.RaglineException;
import dev.ragline.contracts.RaglineHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes and reads the {@code ragline.reason*} headers that say why a record was rerouted
 * or dead-lettered, as UTF-8 strings any Kafka client can print.
 */
public final class ReasonHeaders {

	/** Reason code of failures that are not ragline's own exceptions. */
	public static final String PROCESSING_FAILED = "PROCESSING_FAILED";

	private static final int MAX_DETAIL_LENGTH = 2000;

	private ReasonHeaders() {
	}

	/**
	 * Reason headers for a record that {@code stage} gave up on because of
	 * {@code exception}.
	 */
	public static Headers of(String stage, Exception exception) {
		RecordHeaders headers = new RecordHeaders();
		put(headers, RaglineHeaders.REASON_STAGE, stage);
		RaglineException ragline = Exceptions.find(exception, RaglineException.class);
		if (ragline != null) {
			put(headers, RaglineHeaders.REASON, ragline.reason());
			put(headers, RaglineHeaders.REASON_DETAIL, ragline.getMessage());
			return headers;
		}
		Throwable cause = (exception.getCause() != null) ? exception.getCause() : exception;
		put(headers, RaglineHeaders.REASON, PROCESSING_FAILED);
		put(headers, RaglineHeaders.REASON_DETAIL, cause.getClass().getName() + ": " + cause.getMessage());
		return headers;
	}

	/**
	 * Headers of a record rerouted to the fallback backend: why, and every call made to
	 * the primary backend.
	 */
	public static Headers ofReroute(String stage, FallbackReason reason, List<Attempt> calls) {
		RecordHeaders headers = new RecordHeaders();
		put(headers, RaglineHeaders.REASON_STAGE, stage);
		write(headers, reason);
		headers.add(RaglineHeaders.REASON_CALLS, MessageJson.toBytes(calls));
		return headers;
	}

	/** Writes {@code reason} as headers. */
	public static void write(Headers headers, FallbackReason reason) {
		put(headers, RaglineHeaders.REASON, reason.code());
		put(headers, RaglineHeaders.REASON_DETAIL, reason.detail());
		put(headers, RaglineHeaders.REASON_ATTEMPTS, Integer.toString(reason.attempts()));
		if (reason.httpStatus() != null) {
			put(headers, RaglineHeaders.REASON_HTTP_STATUS, reason.httpStatus().toString());
		}
	}

	/**
	 * The fallback reason carried by a rerouted record, or {@code null} when it carries
	 * none (e.g. a record published to the fallback topic by hand).
	 */
	public static FallbackReason readFallbackReason(Headers headers) {
		String code = last(headers, RaglineHeaders.REASON);
		if (code == null) {
			return null;
		}
		String status = last(headers, RaglineHeaders.REASON_HTTP_STATUS);
		String attempts = last(headers, RaglineHeaders.REASON_ATTEMPTS);
		return new FallbackReason(code, (status != null) ? parseIntOrNull(status) : null,
				last(headers, RaglineHeaders.REASON_DETAIL), (attempts != null) ? parseIntOrZero(attempts) : 0);
	}

	/**
	 * The calls to the primary backend a rerouted record carries (as older versions wrote
	 * them too: only the last one); empty when it carries none.
	 */
	public static List<Attempt> readCalls(Headers headers) {
		try {
			Header calls = headers.lastHeader(RaglineHeaders.REASON_CALLS);
			if (calls != null && calls.value() != null) {
				return List.of(MessageJson.read(calls.value(), Attempt[].class));
			}
			Header last = headers.lastHeader(RaglineHeaders.REASON_ATTEMPT);
			if (last != null && last.value() != null) {
				return List.of(MessageJson.read(last.value(), Attempt.class));
			}
		}
		catch (RuntimeException ex) {
			// a header written by hand: the reason still counts, the calls are unknown
		}
		return List.of();
	}

	/** The newest value of header {@code name} as UTF-8, or {@code null}. */
	public static String last(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void put(Headers headers, String name, String value) {
		String text = (value != null) ? value : "";
		if (text.length() > MAX_DETAIL_LENGTH) {
			text = text.substring(0, MAX_DETAIL_LENGTH) + "…";
		}
		headers.add(name, text.getBytes(StandardCharsets.UTF_8));
	}

	private static Integer parseIntOrNull(String value) {
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static int parseIntOrZero(String value) {
		Integer parsed = parseIntOrNull(value);
		return (parsed != null) ? parsed : 0;
	}

}
