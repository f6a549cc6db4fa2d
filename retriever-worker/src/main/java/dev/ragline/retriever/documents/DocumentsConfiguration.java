package dev.ragline.retriever.documents;

import java.util.Map;

import dev.ragline.kafka.PipelineErrorHandlers;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.index.PassageIndex;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The documents follower and the health of the index it builds: {@code OUT_OF_SERVICE}
 * while catching up (in the readiness group, so the replica is not ready), {@code UP}
 * after.
 */
@Configuration(proxyBeanMethods = false)
class DocumentsConfiguration {

	static final String STAGE = "documents";

	@Bean
	DocumentsFollower documentsFollower(ConsumerFactory<String, byte[]> pipelineConsumerFactory,
			TopicsProperties topics, PassageIndex index, PipelineErrorHandlers errorHandlers,
			MessageListenerContainer queryListenerContainer, CorpusVersion corpusVersion,
			RetrieverProperties properties) {
		return new DocumentsFollower(pipelineConsumerFactory, topics.documents(), index,
				errorHandlers.recoverer(STAGE, Map.of()), queryListenerContainer, corpusVersion,
				properties.documentsPartitionCheck());
	}

	@Bean
	HealthIndicator documentIndexHealthIndicator(DocumentsFollower follower, PassageIndex index) {
		return () -> {
			if (follower.state() != DocumentsFollower.State.READY) {
				return Health.outOfService()
					.withDetail("state", follower.state().name())
					.withDetail("progress", follower.progress())
					.build();
			}
			PassageIndex.Size size = index.size();
			return Health.up()
				.withDetail("documents", size.documents())
				.withDetail("passages", size.passages())
				.withDetail("embeddings", index.hasEmbeddings())
				.build();
		};
	}

}
