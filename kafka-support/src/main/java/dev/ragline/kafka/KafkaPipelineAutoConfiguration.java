package dev.ragline.kafka;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Kafka clients as every ragline stage uses them: keys are query (or document) ids as
 * strings, values are the raw bytes of JSON messages, so any client can read and write
 * them and a dead-lettered record keeps its original bytes. Standard client settings
 * still come from {@code spring.kafka.*}; only the serializers are fixed here.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(TopicsProperties.class)
public class KafkaPipelineAutoConfiguration {

	@Bean
	ProducerFactory<String, byte[]> pipelineProducerFactory(KafkaProperties properties) {
		Map<String, Object> config = properties.buildProducerProperties();
		// each hop is on a query's critical path; Kafka 4 waits 5 ms by default to fill
		// batches
		config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	@Bean
	KafkaTemplate<String, byte[]> pipelineKafkaTemplate(ProducerFactory<String, byte[]> pipelineProducerFactory) {
		return new KafkaTemplate<>(pipelineProducerFactory);
	}

	@Bean
	ConsumerFactory<String, byte[]> pipelineConsumerFactory(KafkaProperties properties) {
		Map<String, Object> config = properties.buildConsumerProperties();
		// a query published before a worker group first started must still be answered
		config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> pipelineListenerContainerFactory(
			ConsumerFactory<String, byte[]> pipelineConsumerFactory) {
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(pipelineConsumerFactory);
		// offsets are committed only after the listener returned, i.e. after the stage's
		// output is durable
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		return factory;
	}

	@Bean
	KafkaAdmin.NewTopics pipelineTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(topic(topics, topics.queries()), topic(topics, topics.retrieved()),
				topic(topics, topics.fallback()), topic(topics, topics.dead()), documentsTopic(topics));
	}

	@Bean
	PipelineErrorHandlers pipelineErrorHandlers(KafkaTemplate<String, byte[]> pipelineKafkaTemplate,
			TopicsProperties topics) {
		return new PipelineErrorHandlers(pipelineKafkaTemplate, topics);
	}

	private static NewTopic topic(TopicsProperties topics, String name) {
		return new NewTopic(name, Optional.of(topics.partitions()), replication(topics));
	}

	private static NewTopic documentsTopic(TopicsProperties topics) {
		NewTopic topic = new NewTopic(topics.documents(), Optional.of(topics.partitions()), replication(topics));
		return topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
	}

	private static Optional<Short> replication(TopicsProperties topics) {
		return (topics.replicationFactor() > 0) ? Optional.of(topics.replicationFactor()) : Optional.empty();
	}

}
