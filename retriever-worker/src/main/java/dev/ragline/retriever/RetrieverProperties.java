package dev.ragline.retriever;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the retriever ({@code ragline.retriever.*}).
 *
 * @param groupId Kafka consumer group shared by all retriever processes
 * @param concurrency consumer threads in this process
 * @param topK passages per query when the query does not say
 * @param corpus Spring resource location of a JSON Lines corpus to index at start
 * @param maxPassageCharacters longest passage text handed on to the LLM stage
 * @param publishTimeout how long to wait for the broker to acknowledge an enriched query
 */
@ConfigurationProperties("ragline.retriever")
public record RetrieverProperties(@DefaultValue("ragline-retriever") String groupId, @DefaultValue("2") int concurrency,
		@DefaultValue("4") int topK, @DefaultValue(SAMPLE_CORPUS) String corpus,
		@DefaultValue("1500") int maxPassageCharacters, @DefaultValue("30s") Duration publishTimeout) {

	/** The corpus bundled with the retriever (a SciFact subset, see its README). */
	public static final String SAMPLE_CORPUS = "classpath:sample-corpus/scifact-sample.jsonl";

}
