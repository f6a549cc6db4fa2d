package dev.ragline.retriever.documents;

import java.time.Clock;

import dev.ragline.kafka.PipelineErrorHandlers;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.resultstore.ResultStoreProperties;
import dev.ragline.resultstore.WorkerStatusBoard;
import dev.ragline.resultstore.WorkerStatusReporter;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.retriever.query.RetrievalWarmUp;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The documents follower, the health of the index it builds (in the readiness group, see
 * {@link DocumentIndexHealthIndicator}) and the replica's status for the pipeline view.
 */
@Configuration(proxyBeanMethods = false)
class DocumentsConfiguration {

	static final String STAGE = "documents";

	@Bean
	DocumentsFollower documentsFollower(ConsumerFactory<String, byte[]> consumerFactory, KafkaAdmin kafkaAdmin,
			TopicsProperties topics, PassageIndex index, PipelineErrorHandlers errorHandlers,
			MessageListenerContainer queryListenerContainer, CorpusVersion corpusVersion,
			RetrieverProperties properties, RetrievalWarmUp warmUp) {
		return new DocumentsFollower(consumerFactory, kafkaAdmin, topics.documents(), index,
				errorHandlers.deadLetters(STAGE), queryListenerContainer, corpusVersion,
				properties.documentsPartitionCheck(), properties.snapshotInterval(), warmUp::run);
	}

	@Bean
	WorkerStatusReporter retrieverStatusReporter(WorkerStatusBoard board, ResultStoreProperties redis,
			PassageIndex index, DocumentsFollower follower, Clock clock) {
		return new WorkerStatusReporter(board, redis.workerStatusInterval(),
				new RetrieverStatus(index, follower, clock));
	}

	@Bean
	HealthIndicator documentIndexHealthIndicator(DocumentsFollower follower, PassageIndex index) {
		return new DocumentIndexHealthIndicator(follower, index);
	}

}
