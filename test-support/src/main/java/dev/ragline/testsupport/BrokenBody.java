package dev.ragline.testsupport;

import java.io.IOException;
import java.time.Duration;

import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A response body that starts as the real one and then breaks, as a server does when it
 * dies or hangs in the middle of an answer: after {@code prefix} it either closes the
 * connection (the client sees the body end early, without the chunked terminator or
 * {@code data: [DONE]}) or stops sending for {@code stall} and only then closes it.
 */
final class BrokenBody implements MockResponseBody {

	private final byte[] prefix;

	private final Duration stall;

	private BrokenBody(byte[] prefix, Duration stall) {
		this.prefix = prefix;
		this.stall = stall;
	}

	/** Sends {@code prefix}, then the connection closes. */
	static BrokenBody cutAfter(byte[] prefix) {
		return new BrokenBody(prefix, Duration.ZERO);
	}

	/**
	 * Sends {@code prefix}, then nothing for {@code stall}, then the connection closes.
	 */
	static BrokenBody stallAfter(byte[] prefix, Duration stall) {
		return new BrokenBody(prefix, stall);
	}

	@Override
	public long getContentLength() {
		return -1;
	}

	/**
	 * Written as one chunk of a chunked body (the response says
	 * {@code Transfer-Encoding: chunked}), so the client can tell a body cut short from
	 * one that ended: the terminating empty chunk never comes.
	 */
	@Override
	public void writeTo(BufferedSink sink) throws IOException {
		if (this.prefix.length > 0) {
			// an empty chunk would be the terminator: a body that ended, not one cut
			// short
			sink.writeHexadecimalUnsignedLong(this.prefix.length).writeUtf8("\r\n");
			sink.write(this.prefix).writeUtf8("\r\n");
		}
		sink.flush();
		if (!this.stall.isZero()) {
			try {
				Thread.sleep(this.stall.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// what the client sees of a server process that died: the connection ends here
		sink.close();
		throw new IOException("the fake server breaks off its answer on purpose");
	}

}
