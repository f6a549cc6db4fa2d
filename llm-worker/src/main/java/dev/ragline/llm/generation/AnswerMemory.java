package dev.ragline.llm.generation;

import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.resultstore.AnswerCache;
import dev.ragline.resultstore.CachedAnswer;
import dev.ragline.resultstore.CorpusVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each new answer in the answer cache, keyed by the version of the collection its
 * passages were retrieved from, so the same question is answered at once next time, and
 * not once the collection has changed since. A failure here never fails the query: it is
 * answered.
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

	void remember(RetrievedQuery query, QueryResult answered) {
		if (!this.enabled) {
			return;
		}
		try {
			// a record without the retriever's version: the collection as it is now
			long version = (query.corpusVersion() != null) ? query.corpusVersion() : this.corpusVersion.current();
			this.cache.put(query.query(), version, new CachedAnswer(answered.id(), answered.answer(),
					answered.sources(), answered.backend(), answered.model(), answered.updatedAt()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not keep the answer to query {} in the cache: {}", answered.id(), ex.getMessage());
		}
	}

}
