package dev.ragline.retriever.query;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.retriever.RetrieverProperties;
import dev.ragline.retriever.index.PassageIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a replica's retrieval hot path before it serves: questions read from query
 * records, searched in the configured mode (so the embedding model has run and Lucene's
 * scoring code is compiled), and the enriched queries written and read as JSON, as the
 * query listener does for each query, without Redis or Kafka. It runs once the index has
 * caught up and before readiness goes UP and the listener joins its consumer group, for
 * at most {@code ragline.retriever.warm-up} (and {@value #MAX_SEARCHES} searches): a
 * fresh replica that would otherwise answer its first queries interpreted and with a cold
 * model, while a backlog waits for it.
 */
public class RetrievalWarmUp {

	static final int MAX_SEARCHES = 500;

	private static final Logger logger = LoggerFactory.getLogger(RetrievalWarmUp.class);

	private final PassageIndex index;

	private final RetrieverProperties properties;

	private final Clock clock;

	public RetrievalWarmUp(PassageIndex index, RetrieverProperties properties, Clock clock) {
		this.index = index;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Warms up; a failure is logged and left to the first real query to meet.
	 * @return the searches it made
	 */
	public int run() {
		Duration limit = this.properties.warmUp();
		if (limit.isZero() || limit.isNegative() || this.index.size().passages() == 0) {
			return 0;
		}
		long start = System.nanoTime();
		long deadline = start + limit.toNanos();
		long firstNanos = 0;
		int searches = 0;
		try {
			while (searches < MAX_SEARCHES && System.nanoTime() < deadline) {
				long searchStart = System.nanoTime();
				searchOnce(searches);
				if (searches == 0) {
					firstNanos = System.nanoTime() - searchStart;
				}
				searches++;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Retrieval warm-up stopped after {} searches: {}", searches, ex.toString());
			return searches;
		}
		logger.info("Retrieval warmed up ({} mode): {} searches in {} ms, the first {} ms", this.properties.mode(),
				searches, (System.nanoTime() - start) / 1_000_000, String.format("%.1f", firstNanos / 1e6));
		return searches;
	}

	private void searchOnce(int n) {
		QueryMessage query = QueryMessage.of("warm-up-" + n, SampleQuestions.numbered(n, "warm-up"));
		QueryMessage read = QueryMessageReader.read(query.id(), MessageJson.toBytes(query));
		List<Passage> passages = this.index.search(read.question(), this.properties.topK(), this.properties.mode(),
				this.properties.candidates());
		RetrievedQuery retrieved = new RetrievedQuery(read, passages, this.clock.instant(), 0L);
		MessageJson.read(MessageJson.toBytes(retrieved), RetrievedQuery.class);
	}

}
