package dev.ragline.retriever.query;

import java.time.Clock;

import dev.ragline.kafka.PipelineErrorHandlers;
import dev.ragline.kafka.RecordErrorPolicy;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.resultstore.CorpusVersionFollower;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.index.PassageIndex;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** The consumer of the queries topic; it starts once this replica's index is complete. */
@Configuration(proxyBeanMethods = false)
class QueryListenerConfiguration {

	static final String STAGE = "retriever";

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> queryListenerContainer(
			ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, PipelineErrorHandlers errorHandlers,
			PassageIndex index, ResultStore store, KafkaTemplate<String, byte[]> kafka, TopicsProperties topics,
			RetrieverProperties properties, CorpusVersionFollower corpusVersion, Clock clock) {
		ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topics.queries());
		container.getContainerProperties().setGroupId(properties.groupId());
		container.getContainerProperties()
			.setMessageListener(new QueryListener(index, store, kafka, topics, properties, corpusVersion, clock));
		container.setCommonErrorHandler(
				errorHandlers.forStage(STAGE, RecordErrorPolicy.notRetrying(), new InvalidQueryRecorder(store, clock)));
		container.setConcurrency(properties.concurrency());
		// started by the documents follower once the index has caught up
		container.setAutoStartup(false);
		return container;
	}

	/**
	 * The warm-up, started at once when the index opened a snapshot; stopped before the
	 * index and the model close.
	 */
	@Bean(destroyMethod = "close")
	RetrievalWarmUp retrievalWarmUp(PassageIndex index, RetrieverProperties properties, Clock clock) {
		RetrievalWarmUp warmUp = new RetrievalWarmUp(index, properties, clock);
		warmUp.startEarly();
		return warmUp;
	}

}
