package dev.ragline.resultstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.ragline.contracts.QueryMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache's key: which questions share it, and that it stays the same. */
class AnswerCacheTest {

	private final AnswerCache cache = new AnswerCache(null, "ragline:cache:", Duration.ofHours(1));

	@Test
	void questionsThatReadTheSameAfterNormalisationShareAKey() {
		assertThat(AnswerCache.normalize("  What   is\tRAG?\n")).isEqualTo("what is rag?");
		// full-width letters and ligatures are folded by NFKC, which ASCII text skips
		assertThat(AnswerCache.normalize("Ｗhat is the ﬁle size?")).isEqualTo("what is the file size?");
		assertThat(AnswerCache.normalize("Qu'est-ce que l'été\u00a0?")).isEqualTo("qu'est-ce que l'été ?");
		assertThat(key("What is RAG?")).isEqualTo(key("  what  IS rag? ")).isNotEqualTo(key("What is RAG!"));
	}

	@Test
	void theKeyOfAQuestionIsTheSha256OfItsNormalFormAndSettings() {
		// sha256("what is rag?\n4\n256\n0.2\n7"), so keys written by earlier versions
		// still match
		assertThat(key("What is RAG?"))
			.isEqualTo("ragline:cache:879892a26b49a1f0b6c1271b7de05f69feb4dfcd0c0cc6779b42e86cb11c54a4");
	}

	@Test
	void keysMadeOnManyThreadsAtOnceAreTheKeysMadeOnOne() throws Exception {
		List<String> questions = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			questions.add("Question number " + i + " about the corpus?");
		}
		List<String> expected = questions.stream().map(this::key).toList();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<List<String>>> made = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				made.add(threads.submit(() -> questions.stream().map(this::key).toList()));
			}
			for (Future<List<String>> keys : made) {
				assertThat(keys.get()).isEqualTo(expected);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private String key(String question) {
		return this.cache.key(new QueryMessage(QueryMessage.SCHEMA_VERSION, "q", question, 4, 256, 0.2, null, null), 7);
	}

}
