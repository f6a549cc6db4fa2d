package dev.ragline.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A streamed body sent as a generating server sends it: each part (an SSE event or an
 * NDJSON line) its own chunk, flushed at once; the token parts {@code interval} apart,
 * what comes before the first token and after the last at once; then the chunked
 * terminator. A fake's token rate is made of it.
 */
final class PacedBody implements MockResponseBody {

	private final List<String> head;

	private final List<String> tokens;

	private final List<String> tail;

	private final Duration interval;

	/**
	 * @param head parts sent before the first token (a role event)
	 * @param tokens the parts that carry the answer, {@code interval} apart
	 * @param tail parts sent after the last token (the stop event, {@code [DONE]})
	 */
	PacedBody(List<String> head, List<String> tokens, List<String> tail, Duration interval) {
		this.head = List.copyOf(head);
		this.tokens = List.copyOf(tokens);
		this.tail = List.copyOf(tail);
		this.interval = interval;
	}

	/**
	 * The pieces an answer is generated in at {@code tokensPerSecond}: four characters
	 * each (about an English token, and what ragline's speed estimate counts).
	 */
	static List<String> tokens(String answer) {
		List<String> tokens = new java.util.ArrayList<>();
		for (int i = 0; i < answer.length(); i += 4) {
			tokens.add(answer.substring(i, Math.min(answer.length(), i + 4)));
		}
		return tokens;
	}

	/** The time between two tokens at {@code tokensPerSecond}. */
	static Duration interval(double tokensPerSecond) {
		return Duration.ofNanos((long) (1e9 / tokensPerSecond));
	}

	@Override
	public long getContentLength() {
		return -1;
	}

	@Override
	public void writeTo(BufferedSink sink) throws IOException {
		for (String part : this.head) {
			write(sink, part);
		}
		for (int i = 0; i < this.tokens.size(); i++) {
			if (i > 0) {
				pause();
			}
			write(sink, this.tokens.get(i));
		}
		for (String part : this.tail) {
			write(sink, part);
		}
		// the last chunk; MockWebServer ends a chunked body with its trailers and the
		// empty line
		sink.writeUtf8("0\r\n");
		sink.flush();
	}

	private static void write(BufferedSink sink, String part) throws IOException {
		byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
		sink.writeHexadecimalUnsignedLong(bytes.length).writeUtf8("\r\n");
		sink.write(bytes).writeUtf8("\r\n");
		sink.flush();
	}

	private void pause() throws IOException {
		try {
			Thread.sleep(this.interval.toMillis(), (int) (this.interval.toNanos() % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while pacing the answer", ex);
		}
	}

}
