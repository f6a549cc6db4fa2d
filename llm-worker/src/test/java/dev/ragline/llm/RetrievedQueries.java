package dev.ragline.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.testsupport.TopicReader;

/** Retrieved queries as the LLM stage's tests publish them: one passage each. */
final class RetrievedQueries {

	private RetrievedQueries() {
	}

	static RetrievedQuery about(String id, String question) {
		return new RetrievedQuery(QueryMessage.of(id, question),
				List.of(new Passage("doc-1", "Rayleigh scattering", "Air scatters blue light more than red.", 3.2)),
				Instant.now());
	}

	/**
	 * Publishes {@code count} of them to {@code topic}, each under a new id,
	 * {@code pause} apart.
	 * @return their ids
	 */
	static List<String> publish(String topic, int count, Duration pause) throws InterruptedException {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = UUID.randomUUID().toString();
			TopicReader.publish(topic, id, MessageJson.toBytes(about(id, "Why is the sky blue? (" + i + ")")));
			ids.add(id);
			Thread.sleep(pause.toMillis());
		}
		return ids;
	}

}
