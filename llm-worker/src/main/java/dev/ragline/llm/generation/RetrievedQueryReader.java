package dev.ragline.llm.generation;

import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.RetrievedQuery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;

/**
 * Reads a record of the retrieved (or fallback) topic; anything unreadable is
 * dead-lettered.
 */
final class RetrievedQueryReader {

	private RetrievedQueryReader() {
	}

	static RetrievedQuery read(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null || record.value().length == 0) {
			throw new InvalidMessageException(record.key(), InvalidMessageException.INVALID_JSON,
					"Record value is empty; expected a retrieved query");
		}
		try {
			return MessageJson.read(record.value(), RetrievedQuery.class);
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException(record.key(), InvalidMessageException.INVALID_MESSAGE,
					"Not a retrieved query: " + ex.getOriginalMessage(), ex);
		}
	}

}
