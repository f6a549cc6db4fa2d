package dev.ragline.retriever;

import java.nio.file.Path;
import java.time.Duration;

import dev.ragline.embedding.EmbeddingModel;
import dev.ragline.retriever.index.RankFusion;
import dev.ragline.retriever.index.RetrievalMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the retriever ({@code ragline.retriever.*}). The same for any corpus:
 * nothing here is tuned to one dataset.
 *
 * @param groupId Kafka consumer group shared by all retriever processes, for queries
 * (documents are read by every process in full, without a group)
 * @param concurrency consumer threads for queries in this process
 * @param topK passages per query when the query does not say
 * @param mode {@code bm25}, {@code dense} or {@code hybrid}; {@code bm25} needs no
 * embedding model
 * @param candidates how deep each ranked list goes before hybrid fusion
 * @param rrfK the {@code k} of reciprocal rank fusion
 * @param denseWeight the dense list's weight in the fusion against the lexical list's 1
 * @param passageWords the most words of one passage; longer documents are split
 * @param passageOverlapWords words a passage repeats from the end of the one before
 * @param embeddingModel the model behind dense and hybrid retrieval:
 * {@code bge-small-en-v1.5} or {@code all-MiniLM-L6-v2}
 * @param embeddingThreads threads computing document embeddings
 * @param indexDirectory where index snapshots are kept (each replica takes the first free
 * {@code replica-N} below it), so a restart replays only what changed since; unset: the
 * index lives in a temporary directory and is rebuilt from the documents topic at every
 * start
 * @param snapshotInterval how often a changed index is written as a snapshot
 * @param publishTimeout how long to wait for the broker to acknowledge an enriched query
 * @param documentsPartitionCheck how often to look for partitions added to the documents
 * topic
 * @param warmUp how long a replica may spend running searches before it first serves (see
 * {@code RetrievalWarmUp}); {@code 0} serves at once
 * @param warmUpSearches the most searches of that warm-up
 */
@ConfigurationProperties("ragline.retriever")
public record RetrieverProperties(@DefaultValue("ragline-retriever") String groupId, @DefaultValue("2") int concurrency,
		@DefaultValue("4") int topK, @DefaultValue("hybrid") RetrievalMode mode, @DefaultValue("100") int candidates,
		@DefaultValue("" + RankFusion.DEFAULT_K) int rrfK,
		@DefaultValue("" + RankFusion.DEFAULT_DENSE_WEIGHT) double denseWeight, @DefaultValue("400") int passageWords,
		@DefaultValue("80") int passageOverlapWords, @DefaultValue("bge-small-en-v1.5") EmbeddingModel embeddingModel,
		@DefaultValue("2") int embeddingThreads, Path indexDirectory, @DefaultValue("10s") Duration snapshotInterval,
		@DefaultValue("30s") Duration publishTimeout, @DefaultValue("30s") Duration documentsPartitionCheck,
		@DefaultValue("2s") Duration warmUp, @DefaultValue("500") int warmUpSearches) {

}
