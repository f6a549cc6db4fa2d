package dev.ragline.llm.generation;

import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.CachedAnswer;
import dev.ragline.resultstore.CorpusVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each new answer in the answer cache, keyed by the collection's version, so the
 * same question is answered at once next time. A failure here never fails the query: it
 * is answered.
 */
class AnswerMemory {

	private static final Logger logger = LoggerFactory.getLogger(AnswerMemory.class);

	private final AnswerCache cache;

	private final CorpusVersion corpusVersion;

	private final boolean enabled;

	AnswerMemory(AnswerCache cache, CorpusVersion corpusVersion, boolean enabled) {
		this.cache = cache;
		this.corpusVersion = corpusVersion;
		this.enabled = enabled;
	}

	static AnswerMemory disabled() {
		return new AnswerMemory(null, null, false);
	}

	void remember(QueryMessage query, QueryResult answered) {
		if (!this.enabled) {
			return;
		}
		try {
			this.cache.put(query, this.corpusVersion.current(), new CachedAnswer(answered.id(), answered.answer(),
					answered.sources(), answered.backend(), answered.model(), answered.updatedAt()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not keep the answer to query {} in the cache: {}", answered.id(), ex.getMessage());
		}
	}

}
