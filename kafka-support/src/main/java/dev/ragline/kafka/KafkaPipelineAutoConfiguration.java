package dev.ragline.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
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
		return PipelineProducers.factory(properties.buildProducerProperties());
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
		return new KafkaAdmin.NewTopics(PipelineTopics.all(topics).toArray(NewTopic[]::new));
	}

	@Bean
	PipelineErrorHandlers pipelineErrorHandlers(KafkaTemplate<String, byte[]> pipelineKafkaTemplate,
			TopicsProperties topics) {
		return new PipelineErrorHandlers(pipelineKafkaTemplate, topics);
	}

}
