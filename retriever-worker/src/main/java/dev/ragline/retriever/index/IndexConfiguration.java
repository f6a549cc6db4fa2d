package dev.ragline.retriever.index;

import dev.ragline.retriever.RetrieverProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The passage index, with the embedding model when the retrieval mode needs one. */
@Configuration(proxyBeanMethods = false)
class IndexConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(IndexConfiguration.class);

	/**
	 * The embedding model, loading on another thread while the rest of the context starts
	 * (the documents follower waits for it before it starts); closed after the index,
	 * once its load has ended. An application started with {@link EmbeddingModelPreload}
	 * has it already, loading since the context was created.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddingModelLoad embeddingModelLoad(RetrieverProperties properties) {
		return EmbeddingModelLoad.start(properties);
	}

	@Bean(destroyMethod = "close")
	PassageIndex passageIndex(RetrieverProperties properties, EmbeddingModelLoad model) {
		IndexDirectory location = (properties.indexDirectory() != null)
				? IndexDirectory.claim(properties.indexDirectory()) : IndexDirectory.temporary();
		logger.info("Passage index in {} ({})", location,
				location.persistent() ? "snapshots kept across restarts" : "rebuilt at every start");
		return new PassageIndex(new PassageSplitter(properties.passageWords(), properties.passageOverlapWords()),
				model.embedder(), new RankFusion(properties.rrfK(), properties.denseWeight()), location);
	}

}
