package dev.ragline.standalone.client;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ragline.standalone.client.ServerSentEventReader.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-Sent Events framing as the HTML standard has it, without a server. */
class ServerSentEventReaderTest {

	@Test
	void readsEventsEndedByBlankLines() throws IOException {
		assertThat(read("event: result\nid: 1\ndata: {\"v\":1}\n\nevent: result\nid: 2\ndata: {\"v\":2}\n\n"))
			.containsExactly(new Event("result", "1", "{\"v\":1}"), new Event("result", "2", "{\"v\":2}"));
	}

	@Test
	void joinsTheDataLinesOfOneEventWithLineFeedsAndDropsOneLeadingSpace() throws IOException {
		assertThat(read("data: first\ndata:second\ndata:  third\ndata\n\n"))
			.containsExactly(new Event(ServerSentEventReader.DEFAULT_TYPE, null, "first\nsecond\n third\n"));
	}

	@Test
	void readsLinesEndedByCrLfOrCrAlone() throws IOException {
		assertThat(read("event: result\r\nid: 7\r\ndata: {}\r\n\r\nevent: result\rdata: x\r\r"))
			.containsExactly(new Event("result", "7", "{}"), new Event("result", null, "x"));
	}

	@Test
	void skipsCommentsUnknownFieldsAndEventsWithoutData() throws IOException {
		assertThat(read(": keep-alive\n\nretry: 1000\nevent: ping\nid: 3\n\nevent: result\nfoo: bar\ndata: d\n\n"))
			.containsExactly(new Event("result", null, "d"));
	}

	@Test
	void dropsAnEventTheStreamEndedInTheMiddleOf() throws IOException {
		assertThat(read("data: whole\n\nevent: result\ndata: cut"))
			.containsExactly(new Event("message", null, "whole"));
	}

	private static List<Event> read(String stream) throws IOException {
		List<Event> events = new ArrayList<>();
		try (ServerSentEventReader reader = new ServerSentEventReader(new StringReader(stream))) {
			for (Optional<Event> event = reader.next(); event.isPresent(); event = reader.next()) {
				events.add(event.get());
			}
		}
		return events;
	}

}
