package dev.ragline.retriever.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import dev.ragline.retriever.RetrieverProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Builds the passage index from the configured corpus when the retriever starts. */
@Configuration(proxyBeanMethods = false)
class IndexConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(IndexConfiguration.class);

	@Bean(destroyMethod = "close")
	PassageIndex passageIndex(RetrieverProperties properties, ResourceLoader resources) {
		long start = System.nanoTime();
		Resource corpus = resources.getResource(properties.corpus());
		List<Document> documents;
		try (InputStream in = corpus.getInputStream()) {
			documents = JsonLinesCorpus.read(in, corpus.getFilename());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the corpus at " + properties.corpus(), ex);
		}
		PassageIndex index = new PassageIndex(documents, properties.maxPassageCharacters());
		logger.info("Indexed {} documents from {} in {} ms", index.size(), properties.corpus(),
				(System.nanoTime() - start) / 1_000_000);
		return index;
	}

}
