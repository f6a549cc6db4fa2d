package dev.ragline.llm.vllm;

import java.io.IOException;

/**
 * One vLLM call that did not produce a completion, with what came back: an HTTP answer
 * other than 200, an I/O failure (refused, reset, timeout), an error inside a 200 stream,
 * or a 200 that was not a completion. {@link VllmFailureClassifier} says what it means.
 */
class VllmCallException extends Exception {

	enum Kind {

		HTTP, IO, STREAM, BAD_RESPONSE

	}

	private final Kind kind;

	private final int status;

	private final String body;

	VllmCallException(Kind kind, int status, String body, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.status = status;
		this.body = (body != null) ? body : "";
	}

	static VllmCallException http(int status, String body) {
		return new VllmCallException(Kind.HTTP, status, body, "HTTP " + status, null);
	}

	static VllmCallException io(IOException cause) {
		return new VllmCallException(Kind.IO, 0, null, cause.getMessage(), cause);
	}

	static VllmCallException stream(String message, String body) {
		return new VllmCallException(Kind.STREAM, 200, body, message, null);
	}

	static VllmCallException badResponse(String message, String body) {
		return new VllmCallException(Kind.BAD_RESPONSE, 200, body, message, null);
	}

	Kind kind() {
		return this.kind;
	}

	int status() {
		return this.status;
	}

	String body() {
		return this.body;
	}

	IOException ioException() {
		return (getCause() instanceof IOException io) ? io : null;
	}

}
