package dev.ragline.retriever.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.Passage;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

/**
 * An in-memory Lucene index of documents, searched with BM25 over title and text as one
 * field (English stopwords, Porter stemming; k1 = 0.9, b = 0.4 as Anserini uses for
 * BEIR).
 */
public class PassageIndex implements AutoCloseable {

	static final float K1 = 0.9f;

	static final float B = 0.4f;

	private static final String ID = "id";

	private static final String TITLE = "title";

	private static final String TEXT = "text";

	private static final String CONTENTS = "contents";

	private final Analyzer analyzer = new EnglishAnalyzer();

	private final Directory directory = new ByteBuffersDirectory();

	private final int maxPassageCharacters;

	private DirectoryReader reader;

	private IndexSearcher searcher;

	public PassageIndex(Collection<Document> documents, int maxPassageCharacters) {
		this.maxPassageCharacters = maxPassageCharacters;
		IndexWriterConfig config = new IndexWriterConfig(this.analyzer).setSimilarity(similarity());
		try (IndexWriter writer = new IndexWriter(this.directory, config)) {
			for (Document document : documents) {
				writer.updateDocument(new Term(ID, document.id()), toLucene(document));
			}
			writer.commit();
			this.reader = DirectoryReader.open(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot build the passage index", ex);
		}
		this.searcher = new IndexSearcher(this.reader);
		this.searcher.setSimilarity(similarity());
	}

	/** Number of documents indexed. */
	public int size() {
		return this.reader.numDocs();
	}

	/** The {@code topK} passages that best match {@code question}, best first. */
	public List<Passage> search(String question, int topK) {
		Query query = bagOfWords(question);
		if (query == null) {
			return List.of();
		}
		try {
			List<Passage> passages = new ArrayList<>();
			for (ScoreDoc hit : this.searcher.search(query, topK).scoreDocs) {
				org.apache.lucene.document.Document stored = this.searcher.storedFields().document(hit.doc);
				passages.add(new Passage(stored.get(ID), stored.get(TITLE), clip(stored.get(TEXT)), hit.score));
			}
			return passages;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Search failed", ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.reader.close();
		this.directory.close();
		this.analyzer.close();
	}

	private Query bagOfWords(String question) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		try (TokenStream tokens = this.analyzer.tokenStream(CONTENTS, question)) {
			CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
			tokens.reset();
			while (tokens.incrementToken()) {
				counts.merge(term.toString(), 1, Integer::sum);
			}
			tokens.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (counts.isEmpty()) {
			return null;
		}
		BooleanQuery.Builder query = new BooleanQuery.Builder();
		counts.forEach((term, count) -> {
			Query termQuery = new TermQuery(new Term(CONTENTS, term));
			query.add((count > 1) ? new BoostQuery(termQuery, count) : termQuery, BooleanClause.Occur.SHOULD);
		});
		return query.build();
	}

	private String clip(String text) {
		return (text.length() <= this.maxPassageCharacters) ? text : text.substring(0, this.maxPassageCharacters) + "…";
	}

	private static org.apache.lucene.document.Document toLucene(Document document) {
		org.apache.lucene.document.Document lucene = new org.apache.lucene.document.Document();
		lucene.add(new StringField(ID, document.id(), Field.Store.YES));
		lucene.add(new StoredField(TITLE, document.title()));
		lucene.add(new StoredField(TEXT, document.text()));
		lucene.add(new TextField(CONTENTS, document.title() + " " + document.text(), Field.Store.NO));
		return lucene;
	}

	private static BM25Similarity similarity() {
		return new BM25Similarity(K1, B);
	}

}
