package dev.ragline.ingest.documents;

import dev.ragline.ingest.IngestProperties;
import dev.ragline.kafka.DocumentPublisher;
import dev.ragline.kafka.TopicsProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class DocumentsConfiguration {

	@Bean
	DocumentPublisher documentPublisher(KafkaTemplate<String, byte[]> kafka, TopicsProperties topics,
			IngestProperties properties) {
		return new DocumentPublisher(kafka, topics.documents(), properties.publishTimeout());
	}

}
