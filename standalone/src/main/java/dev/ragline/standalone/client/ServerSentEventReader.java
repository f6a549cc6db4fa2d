package dev.ragline.standalone.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} (Server-Sent Events) by lines, as the HTML standard
 * frames it: {@code field: value} lines (one leading space dropped), lines ending in LF,
 * CRLF or CR, {@code data} lines of one event joined by LF, comments ({@code :...})
 * skipped, and a blank line ending the event. Enough of the standard for query-ingest's
 * {@code GET /api/queries/{id}/events} with nothing but the JDK's HTTP client.
 */
final class ServerSentEventReader implements AutoCloseable {

	/** The type of an event that names none. */
	static final String DEFAULT_TYPE = "message";

	private final BufferedReader lines;

	ServerSentEventReader(Reader reader) {
		this.lines = new BufferedReader(reader);
	}

	/**
	 * Blocks until the next event is complete.
	 * @return the event, or empty when the stream ended; an event the stream ended in the
	 * middle of is dropped, as the standard says
	 * @throws IOException when the stream broke
	 */
	Optional<Event> next() throws IOException {
		String type = DEFAULT_TYPE;
		String id = null;
		StringBuilder data = null;
		String line;
		while ((line = this.lines.readLine()) != null) {
			if (line.isEmpty()) {
				if (data != null) {
					return Optional.of(new Event(type, id, data.toString()));
				}
				type = DEFAULT_TYPE;
				id = null;
				continue;
			}
			int colon = line.indexOf(':');
			if (colon == 0) {
				continue;
			}
			String field = (colon > 0) ? line.substring(0, colon) : line;
			String value = (colon > 0) ? line.substring(colon + 1) : "";
			value = value.startsWith(" ") ? value.substring(1) : value;
			switch (field) {
				case "event" -> type = value;
				case "id" -> id = value;
				case "data" -> data = (data != null) ? data.append('\n').append(value) : new StringBuilder(value);
				default -> {
					// retry, and fields of later versions of the standard
				}
			}
		}
		return Optional.empty();
	}

	@Override
	public void close() throws IOException {
		this.lines.close();
	}

	/**
	 * One event.
	 *
	 * @param type its {@code event} field, {@link #DEFAULT_TYPE} without one
	 * @param id its {@code id} field, or {@code null}
	 * @param data its {@code data} lines, joined by LF
	 */
	record Event(String type, String id, String data) {

	}

}
