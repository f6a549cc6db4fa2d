package dev.ragline.retriever.index;

import dev.ragline.embedding.BackgroundLoadedEmbedder;
import dev.ragline.retriever.RetrieverProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The passage index, with the embedding model when the retrieval mode needs one. */
@Configuration(proxyBeanMethods = false)
class IndexConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(IndexConfiguration.class);

	/**
	 * The embedding model, loading on another thread while the rest of the context starts
	 * (the documents follower waits for it before it starts); closed after the index,
	 * once its load has ended.
	 */
	@Bean(destroyMethod = "close")
	EmbeddingModelLoad embeddingModelLoad(RetrieverProperties properties) {
		return new EmbeddingModelLoad(properties.mode().needsEmbeddings()
				? BackgroundLoadedEmbedder.start(properties.embeddingModel(), properties.embeddingThreads()) : null);
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

	/**
	 * The model of the retrieval mode, or none for BM25 alone.
	 *
	 * @param embedder {@code null} when the mode needs no embeddings
	 */
	record EmbeddingModelLoad(BackgroundLoadedEmbedder embedder) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			if (this.embedder != null) {
				this.embedder.close();
			}
		}

	}

}
