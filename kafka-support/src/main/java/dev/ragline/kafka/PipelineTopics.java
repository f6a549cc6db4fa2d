package dev.ragline.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics of the pipeline as ragline creates them; the documents topic is compacted.
 */
public final class PipelineTopics {

	private PipelineTopics() {
	}

	public static List<NewTopic> all(TopicsProperties topics) {
		NewTopic documents = topic(topics, topics.documents())
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
		return List.of(topic(topics, topics.queries()), topic(topics, topics.retrieved()),
				topic(topics, topics.fallback()), topic(topics, topics.dead()), documents);
	}

	private static NewTopic topic(TopicsProperties topics, String name) {
		Optional<Short> replication = (topics.replicationFactor() > 0) ? Optional.of(topics.replicationFactor())
				: Optional.empty();
		return new NewTopic(name, Optional.of(topics.partitions()), replication);
	}

}
