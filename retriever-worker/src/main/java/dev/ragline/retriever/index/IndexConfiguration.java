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
		// the model loads on another thread while the rest of the context starts; the
		// documents follower waits for it before it starts (PassageIndex.awaitEmbedder)
		Embedder embedder = properties.mode().needsEmbeddings()
				? BackgroundLoadedEmbedder.start(properties.embeddingModel(), properties.embeddingThreads()) : null;
		IndexDirectory location = (properties.indexDirectory() != null)
				? IndexDirectory.claim(properties.indexDirectory()) : IndexDirectory.temporary();
		logger.info("Passage index in {} ({})", location,
				location.persistent() ? "snapshots kept across restarts" : "rebuilt at every start");
		return new PassageIndex(new PassageSplitter(properties.passageWords(), properties.passageOverlapWords()),
				embedder, new RankFusion(properties.rrfK(), properties.denseWeight()), location);
	}

}
