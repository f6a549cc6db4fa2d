package dev.ragline.retriever.documents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.MessageJson;
import dev.ragline.testsupport.TestInfrastructure;
import dev.ragline.testsupport.TestScope;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * What a test of a {@link DocumentsFollower} built by hand needs around it, on the test
 * broker: consumers, an admin, an idle query container, and document records.
 */
final class FollowerFixtures {

	private FollowerFixtures() {
	}

	static DefaultKafkaConsumerFactory<String, byte[]> consumers() {
		return new DefaultKafkaConsumerFactory<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

	static KafkaAdmin admin() {
		return new KafkaAdmin(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()));
	}

	/**
	 * The query consumer the follower starts once caught up; no query comes, it only
	 * joins.
	 */
	static KafkaMessageListenerContainer<String, byte[]> idleContainer(TestScope scope) {
		ContainerProperties properties = new ContainerProperties(scope.queries());
		properties.setGroupId("idle-" + scope.id());
		properties.setMessageListener((MessageListener<String, byte[]>) (record) -> {
		});
		return new KafkaMessageListenerContainer<>(consumers(), properties);
	}

	static DocumentMessage document(String id, String text) {
		return new DocumentMessage(DocumentMessage.SCHEMA_VERSION, id, id, text, null);
	}

	static Map<String, byte[]> records(DocumentMessage... documents) {
		Map<String, byte[]> records = new LinkedHashMap<>();
		for (DocumentMessage document : List.of(documents)) {
			records.put(document.id(), MessageJson.toBytes(document));
		}
		return records;
	}

}
