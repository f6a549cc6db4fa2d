package dev.ragline.retriever.index;

import dev.ragline.retriever.RetrieverProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The passage index, with the embedding model when the retrieval mode needs one. */
@Configuration(proxyBeanMethods = false)
class IndexConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(IndexConfiguration.class);

	@Bean(destroyMethod = "close")
	PassageIndex passageIndex(RetrieverProperties properties) {
		Embedder embedder = null;
		if (properties.mode().needsEmbeddings()) {
			long start = System.nanoTime();
			embedder = new OnnxEmbedder(properties.embeddingModel(), properties.embeddingThreads());
			logger.info("Loaded {} (inputs up to {} tokens) in {} ms", properties.embeddingModel(),
					properties.embeddingModel().maxTokens(), (System.nanoTime() - start) / 1_000_000);
		}
		IndexDirectory location = (properties.indexDirectory() != null)
				? IndexDirectory.claim(properties.indexDirectory()) : IndexDirectory.temporary();
		logger.info("Passage index in {} ({})", location,
				location.persistent() ? "snapshots kept across restarts" : "rebuilt at every start");
		return new PassageIndex(new PassageSplitter(properties.passageWords(), properties.passageOverlapWords()),
				embedder, new RankFusion(properties.rrfK(), properties.denseWeight()), location);
	}

}
