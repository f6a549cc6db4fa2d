package dev.ragline.llm.vllm;

import java.io.IOException;

/**
 * One vLLM call that did not produce a completion, with what came back. Which part of the
 * exchange failed matters more than the exception's type: an I/O error before any
 * response means the server was not reached (or died first), the same error after HTTP
 * 200 means the answer was cut short. {@link VllmFailureClassifier} says what it means.
 */
class VllmCallException extends Exception {

	enum Kind {

		/** An HTTP answer other than 200. */
		HTTP,

		/** No response at all: refused, reset, or a timeout before the headers. */
		NO_RESPONSE,

		/** HTTP 200, then the body broke off: closed, reset or stalled. */
		BODY_CUT,

		/** HTTP 200, then an error event inside the stream. */
		STREAM_ERROR,

		/** HTTP 200 with something that is not a completion. */
		BAD_RESPONSE

	}

	private final Kind kind;

	private final int status;

	private final String body;

	private final int receivedCharacters;

	private VllmCallException(Kind kind, int status, String body, int receivedCharacters, String message,
			Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.status = status;
		this.body = (body != null) ? body : "";
		this.receivedCharacters = receivedCharacters;
	}

	static VllmCallException http(int status, String body) {
		return new VllmCallException(Kind.HTTP, status, body, 0, "HTTP " + status, null);
	}

	static VllmCallException noResponse(IOException cause) {
		return new VllmCallException(Kind.NO_RESPONSE, 0, null, 0, cause.getMessage(), cause);
	}

	/**
	 * @param received the answer's text that had arrived before the cut
	 */
	static VllmCallException bodyCut(IOException cause, String received) {
		return new VllmCallException(Kind.BODY_CUT, 200, received, received.length(), cause.getMessage(), cause);
	}

	static VllmCallException streamError(String event, String received) {
		return new VllmCallException(Kind.STREAM_ERROR, 200, event, received.length(), "error event in the stream",
				null);
	}

	static VllmCallException badResponse(String message, String body) {
		return new VllmCallException(Kind.BAD_RESPONSE, 200, body, 0, message, null);
	}

	Kind kind() {
		return this.kind;
	}

	/** The HTTP status, or 0 when there was no response. */
	int status() {
		return this.status;
	}

	/** The body answered (the partial answer for a cut body, the event for an error). */
	String body() {
		return this.body;
	}

	/** How much of the answer had arrived before the body broke off. */
	int receivedCharacters() {
		return this.receivedCharacters;
	}

	IOException ioException() {
		return (getCause() instanceof IOException io) ? io : null;
	}

}
