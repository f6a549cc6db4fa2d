package dev.ragline.kafka;

import dev.ragline.contracts.Topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topic names and how topics are created ({@code ragline.topics.*}, env
 * {@code RAGLINE_TOPICS_QUERIES} etc.).
 *
 * @param queries questions to answer
 * @param retrieved questions with their passages
 * @param fallback retrieved questions the primary backend could not answer
 * @param dead records no stage could process
 * @param documents documents to index (compacted)
 * @param partitions partitions of each topic created by ragline; the most consumer
 * processes a stage can use at once
 * @param replicationFactor replicas of each topic created by ragline, or {@code 0} for
 * the broker's default
 */
@ConfigurationProperties("ragline.topics")
public record TopicsProperties(@DefaultValue(Topics.QUERIES) String queries,
		@DefaultValue(Topics.RETRIEVED) String retrieved, @DefaultValue(Topics.RETRIEVED_FALLBACK) String fallback,
		@DefaultValue(Topics.DEAD) String dead, @DefaultValue(Topics.DOCUMENTS) String documents,
		@DefaultValue("12") int partitions, @DefaultValue("0") short replicationFactor) {

}
