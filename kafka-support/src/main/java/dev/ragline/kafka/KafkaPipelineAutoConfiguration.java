package dev.ragline.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What every ragline stage adds to Spring Boot's own Kafka auto-configuration, which
 * builds the clients, the template and the listener container factory from
 * {@code spring.kafka.*} (with Boot's customizers, SSL bundles and Micrometer client
 * metrics, consumer lag included). ragline fixes only the wire format: keys are query (or
 * document) ids as strings, values the raw bytes of JSON messages, so any client can read
 * and write them and a dead-lettered record keeps its original bytes. Its tunable
 * defaults are ordinary properties ({@link PipelineKafkaDefaults}).
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(TopicsProperties.class)
public class KafkaPipelineAutoConfiguration {

	@Bean
	DefaultKafkaProducerFactoryCustomizer pipelineProducerFormat() {
		return (factory) -> {
			@SuppressWarnings("unchecked")
			DefaultKafkaProducerFactory<String, byte[]> pipeline = (DefaultKafkaProducerFactory<String, byte[]>) factory;
			pipeline.setKeySerializer(new StringSerializer());
			pipeline.setValueSerializer(new ByteArraySerializer());
		};
	}

	@Bean
	DefaultKafkaConsumerFactoryCustomizer pipelineConsumerFormat() {
		return (factory) -> {
			@SuppressWarnings("unchecked")
			DefaultKafkaConsumerFactory<String, byte[]> pipeline = (DefaultKafkaConsumerFactory<String, byte[]>) factory;
			pipeline.setKeyDeserializer(new StringDeserializer());
			pipeline.setValueDeserializer(new ByteArrayDeserializer());
		};
	}

	@Bean
	KafkaAdmin.NewTopics pipelineTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(PipelineTopics.all(topics).toArray(NewTopic[]::new));
	}

	/**
	 * Send observations tagged without waiting for the broker
	 * ({@link ClusterIdWithoutWaiting}).
	 */
	@Bean
	static BeanPostProcessor clusterIdWithoutWaiting(ObjectProvider<KafkaAdmin> admin) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof KafkaTemplate<?, ?> template && template.getKafkaAdmin() == null) {
					KafkaAdmin boot = admin.getIfUnique();
					if (boot != null) {
						template.setKafkaAdmin(new ClusterIdWithoutWaiting(boot));
					}
				}
				return bean;
			}

		};
	}

	@Bean
	PipelineErrorHandlers pipelineErrorHandlers(KafkaTemplate<String, byte[]> kafkaTemplate, TopicsProperties topics) {
		return new PipelineErrorHandlers(kafkaTemplate, topics);
	}

}
