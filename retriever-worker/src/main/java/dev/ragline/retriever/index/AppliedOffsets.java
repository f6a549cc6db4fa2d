package dev.ragline.retriever.index;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How far an index has applied the documents topic: the topic's id (a topic deleted and
 * created again has a new one) and, per partition, the offset after the last record
 * applied. A snapshot keeps it in its Lucene commit, so index and offsets are always
 * written together.
 */
public record AppliedOffsets(String topicId, Map<Integer, Long> offsets) {

	static final String TOPIC_ID = "ragline.documents.topic-id";

	static final String OFFSETS = "ragline.documents.offsets";

	public AppliedOffsets {
		offsets = Map.copyOf(offsets);
	}

	/** As commit data: the topic id and {@code partition:offset} pairs. */
	Map<String, String> toCommitData() {
		StringBuilder pairs = new StringBuilder();
		new TreeMap<>(this.offsets).forEach((partition, offset) -> {
			if (!pairs.isEmpty()) {
				pairs.append(',');
			}
			pairs.append(partition).append(':').append(offset);
		});
		Map<String, String> data = new LinkedHashMap<>();
		data.put(TOPIC_ID, this.topicId);
		data.put(OFFSETS, pairs.toString());
		return data;
	}

	/**
	 * Reads what {@link #toCommitData()} wrote; empty when the commit holds no offsets.
	 * @throws IllegalArgumentException when they are there but malformed
	 */
	static Optional<AppliedOffsets> fromCommitData(Map<String, String> data) {
		String topicId = data.get(TOPIC_ID);
		String pairs = data.get(OFFSETS);
		if (topicId == null || pairs == null) {
			return Optional.empty();
		}
		Map<Integer, Long> offsets = new TreeMap<>();
		for (String pair : pairs.isEmpty() ? new String[0] : pairs.split(",")) {
			String[] parts = pair.split(":");
			if (parts.length != 2) {
				throw new IllegalArgumentException("malformed applied offsets '" + pairs + "'");
			}
			offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
		}
		return Optional.of(new AppliedOffsets(topicId, offsets));
	}

}
