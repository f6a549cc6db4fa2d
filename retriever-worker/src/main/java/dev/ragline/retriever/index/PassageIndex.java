package dev.ragline.retriever.index;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.Passage;
import dev.ragline.embedding.Embedder;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passages of every document, in a Lucene index on local disk that this process
 * builds itself: BM25 over title and text as one field (English stopwords, Porter
 * stemming; k1 = 0.9, b = 0.4, as Anserini's BEIR baselines) and, with an
 * {@link Embedder}, an HNSW vector field. Documents are added, replaced and deleted by id
 * while searches run; a change is seen by searches after {@link #refresh()}.
 *
 * <p>
 * In a persistent {@link IndexDirectory} the index is a snapshot: {@link #commit} writes
 * the passages and the documents-topic offsets they reflect in one Lucene commit, and the
 * next process opens it ({@link #restored()}) instead of indexing everything again. A
 * snapshot that cannot be read, fails its checksums or was built with other settings
 * (another embedding model, passage size or format) is discarded, never searched.
 */
public class PassageIndex implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PassageIndex.class);

	/** Moves whenever what is stored per passage changes. */
	static final String FORMAT = "ragline-passages-1";

	static final String SETTINGS = "ragline.index.settings";

	static final float K1 = 0.9f;

	static final float B = 0.4f;

	private static final String DOCUMENT_ID = "document_id";

	private static final String POSITION = "position";

	private static final String TITLE = "title";

	private static final String TEXT = "text";

	private static final String CONTENTS = "contents";

	private static final String VECTOR = "vector";

	/** Set on each document's first passage, so documents can be counted. */
	private static final String FIRST_PASSAGE = "first_passage";

	private final Analyzer analyzer = new EnglishAnalyzer();

	private final PassageSplitter splitter;

	private final Embedder embedder;

	private final RankFusion fusion;

	private final IndexDirectory location;

	private final String settings;

	private final AppliedOffsets restored;

	private final Directory directory;

	private final IndexWriter writer;

	private final SearcherManager searchers;

	/** Where hybrid retrieval runs its BM25 search while the question is embedded. */
	private final ExecutorService lexicalSearches = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "bm25-search");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param embedder the embedder for dense and hybrid retrieval, or {@code null} for
	 * BM25 only
	 */
	public PassageIndex(PassageSplitter splitter, Embedder embedder, RankFusion fusion) {
		this(splitter, embedder, fusion, IndexDirectory.temporary());
	}

	/**
	 * An index in {@code location}, which it closes when it is closed; when that is
	 * persistent, the snapshot there is opened if it is sound and matches these settings.
	 * @param embedder the embedder for dense and hybrid retrieval, or {@code null} for
	 * BM25 only
	 */
	public PassageIndex(PassageSplitter splitter, Embedder embedder, RankFusion fusion, IndexDirectory location) {
		this.splitter = splitter;
		this.embedder = embedder;
		this.fusion = fusion;
		this.location = location;
		this.settings = FORMAT + " lucene=" + Version.LATEST + " passages=" + splitter + " bm25=" + K1 + "/" + B
				+ " embeddings=" + ((embedder != null) ? embedder.name() + "x" + embedder.dimensions() : "none");
		try {
			this.directory = new MMapDirectory(location.path());
			this.restored = location.persistent() ? openSnapshot() : null;
			IndexWriterConfig config = new IndexWriterConfig(this.analyzer).setSimilarity(similarity())
				.setOpenMode(
						(this.restored != null) ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE)
				.setCommitOnClose(false);
			this.writer = new IndexWriter(this.directory, config);
			this.searchers = new SearcherManager(this.writer, new SearcherFactory() {
				@Override
				public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
						org.apache.lucene.index.IndexReader previous) {
					IndexSearcher searcher = new IndexSearcher(reader);
					searcher.setSimilarity(similarity());
					return searcher;
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the passage index", ex);
		}
	}

	public boolean hasEmbeddings() {
		return this.embedder != null;
	}

	/**
	 * What the snapshot this index was opened from had applied; empty for an index that
	 * started empty.
	 */
	public Optional<AppliedOffsets> restored() {
		return Optional.ofNullable(this.restored);
	}

	/** Whether {@link #commit} keeps a snapshot that outlives this process. */
	public boolean persistent() {
		return this.location.persistent();
	}

	/**
	 * Writes a snapshot: every change so far, recorded as having applied the topic up to
	 * {@code applied}. Does nothing for an index in a temporary directory.
	 */
	public void commit(AppliedOffsets applied) {
		if (!persistent()) {
			return;
		}
		Map<String, String> data = new LinkedHashMap<>(applied.toCommitData());
		data.put(SETTINGS, this.settings);
		try {
			this.writer.setLiveCommitData(data.entrySet());
			this.writer.commit();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the index snapshot in " + this.location, ex);
		}
	}

	/** Deletes every passage (seen by searches after {@link #refresh()}). */
	public void clear() {
		try {
			this.writer.deleteAll();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot empty the passage index", ex);
		}
	}

	/**
	 * Adds or replaces documents (all their passages). Slow part: the embeddings, done in
	 * parallel.
	 */
	public void upsert(Collection<DocumentMessage> documents) {
		List<DocumentMessage> list = List.copyOf(documents);
		List<List<String>> passages = list.stream().map((document) -> this.splitter.split(document.text())).toList();
		Iterator<float[]> vectors = embeddings(list, passages);
		try {
			for (int d = 0; d < list.size(); d++) {
				DocumentMessage document = list.get(d);
				List<Document> lucene = new ArrayList<>();
				for (int p = 0; p < passages.get(d).size(); p++) {
					lucene
						.add(toLucene(document, p, passages.get(d).get(p), (vectors != null) ? vectors.next() : null));
				}
				this.writer.updateDocuments(new Term(DOCUMENT_ID, document.id()), lucene);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot index documents", ex);
		}
	}

	public void delete(String documentId) {
		try {
			this.writer.deleteDocuments(new Term(DOCUMENT_ID, documentId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete document " + documentId, ex);
		}
	}

	/** Makes every change so far visible to searches. */
	public void refresh() {
		try {
			this.searchers.maybeRefreshBlocking();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot refresh the passage index", ex);
		}
	}

	/** Documents and passages searches see now. */
	public Size size() {
		IndexSearcher searcher = acquire();
		try {
			return new Size(searcher.count(new TermQuery(new Term(FIRST_PASSAGE, "true"))),
					searcher.getIndexReader().numDocs());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			release(searcher);
		}
	}

	/**
	 * The {@code topK} passages that best match {@code question}, best first.
	 * @param candidates how deep each ranked list goes before fusion (at least
	 * {@code topK})
	 */
	public List<Passage> search(String question, int topK, RetrievalMode mode, int candidates) {
		requireEmbeddingsFor(mode);
		IndexSearcher searcher = acquire();
		try {
			List<ScoreDoc> ranked = ranked(searcher, question, mode, Math.max(topK, candidates));
			List<Passage> passages = new ArrayList<>();
			for (ScoreDoc hit : ranked.subList(0, Math.min(topK, ranked.size()))) {
				Document stored = searcher.storedFields().document(hit.doc);
				passages.add(new Passage(stored.get(DOCUMENT_ID), stored.get(TITLE), stored.get(TEXT), hit.score));
			}
			return passages;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Search failed", ex);
		}
		finally {
			release(searcher);
		}
	}

	/**
	 * The {@code limit} best documents for {@code question}, each ranked by its best
	 * passage: what an evaluation against document-level judgements needs.
	 */
	public List<String> searchDocuments(String question, int limit, RetrievalMode mode, int candidates) {
		requireEmbeddingsFor(mode);
		IndexSearcher searcher = acquire();
		try {
			Set<String> documents = new LinkedHashSet<>();
			for (ScoreDoc passage : ranked(searcher, question, mode, evaluationDepth(limit, candidates))) {
				documents.add(documentId(searcher, passage.doc));
				if (documents.size() == limit) {
					break;
				}
			}
			return List.copyOf(documents);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Search failed", ex);
		}
		finally {
			release(searcher);
		}
	}

	/**
	 * How deep {@link #searchDocuments} reads each list: twice the documents asked for
	 * (or the candidates), as documents with several passages take several places.
	 */
	public static int evaluationDepth(int limit, int candidates) {
		return Math.max(limit, candidates) * 2;
	}

	/**
	 * The lists {@code mode} ranks passages by, each {@code depth} deep, unfused (a list
	 * the mode does not use is empty).
	 */
	public Rankings rankings(String question, RetrievalMode mode, int depth) {
		requireEmbeddingsFor(mode);
		IndexSearcher searcher = acquire();
		try {
			Rankings lists = lists(searcher, question, mode, depth);
			Map<Integer, String> documentIds = new HashMap<>();
			for (List<ScoreDoc> list : List.of(lists.lexical(), lists.dense())) {
				for (ScoreDoc hit : list) {
					if (!documentIds.containsKey(hit.doc)) {
						documentIds.put(hit.doc, documentId(searcher, hit.doc));
					}
				}
			}
			return new Rankings(lists.lexical(), lists.dense(), documentIds);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Search failed", ex);
		}
		finally {
			release(searcher);
		}
	}

	/**
	 * Returns once the embedder can embed (its model may load in the background); at once
	 * without one.
	 * @throws IllegalStateException when the model could not be loaded
	 */
	public void awaitEmbedder() {
		if (this.embedder != null) {
			this.embedder.awaitLoaded();
		}
	}

	@Override
	public void close() throws IOException {
		this.lexicalSearches.shutdownNow();
		this.searchers.close();
		this.writer.close();
		this.directory.close();
		this.analyzer.close();
		this.location.close();
	}

	/**
	 * The applied offsets of the snapshot in this index's directory if it is sound and
	 * was built with these settings; else {@code null}, the directory emptied.
	 */
	private AppliedOffsets openSnapshot() {
		String problem;
		AppliedOffsets applied = null;
		try {
			if (!DirectoryReader.indexExists(this.directory)) {
				logger.info("No index snapshot in {} yet: the index is built from the documents topic", this.location);
				this.location.wipe();
				return null;
			}
			Map<String, String> data = SegmentInfos.readLatestCommit(this.directory).getUserData();
			String built = data.get(SETTINGS);
			if (!this.settings.equals(built)) {
				problem = "was built with other settings (" + built + "; now " + this.settings + ")";
			}
			else {
				applied = AppliedOffsets.fromCommitData(data).orElse(null);
				problem = (applied != null) ? null : "holds no documents-topic offsets";
				verifyChecksums();
			}
		}
		catch (IOException | RuntimeException ex) {
			problem = "cannot be read (" + ex + ")";
		}
		if (problem == null) {
			return applied;
		}
		logger.warn("The index snapshot in {} {}: discarding it; the index is built from the documents topic",
				this.location, problem);
		this.location.wipe();
		return null;
	}

	/** Reads every file of the last commit against its checksum. */
	private void verifyChecksums() throws IOException {
		try (DirectoryReader reader = DirectoryReader.open(this.directory)) {
			for (LeafReaderContext leaf : reader.leaves()) {
				leaf.reader().checkIntegrity();
			}
		}
	}

	private void requireEmbeddingsFor(RetrievalMode mode) {
		if (mode.needsEmbeddings() && this.embedder == null) {
			throw new IllegalStateException(mode + " retrieval needs embeddings; this index has none");
		}
	}

	/** The passages {@code mode} ranks best first, each list {@code depth} deep. */
	private List<ScoreDoc> ranked(IndexSearcher searcher, String question, RetrievalMode mode, int depth)
			throws IOException {
		return lists(searcher, question, mode, depth).ranked(mode, this.fusion);
	}

	/**
	 * The lists {@code mode} uses, {@code depth} deep (the other one empty), without
	 * document ids.
	 */
	private Rankings lists(IndexSearcher searcher, String question, RetrievalMode mode, int depth) throws IOException {
		return switch (mode) {
			case BM25 -> new Rankings(lexical(searcher, question, depth), List.of(), Map.of());
			case DENSE -> new Rankings(List.of(), semantic(searcher, question, depth), Map.of());
			case HYBRID -> bothLists(searcher, question, depth);
		};
	}

	/**
	 * BM25's list and the dense one, for hybrid retrieval: the BM25 search runs on
	 * another thread while the question is embedded and searched on this one (the longer
	 * part), so a query waits for the longer of the two rather than for both.
	 */
	private Rankings bothLists(IndexSearcher searcher, String question, int depth) throws IOException {
		Future<List<ScoreDoc>> lexical = this.lexicalSearches.submit(() -> lexical(searcher, question, depth));
		List<ScoreDoc> dense;
		try {
			dense = semantic(searcher, question, depth);
		}
		catch (IOException | RuntimeException ex) {
			// the searcher is released when this returns: the other search must be over
			// (not cancelled: a cancelled task may still be running)
			awaitQuietly(lexical);
			throw ex;
		}
		return new Rankings(await(lexical), dense, Map.of());
	}

	private static List<ScoreDoc> await(Future<List<ScoreDoc>> search) throws IOException {
		try {
			return search.get();
		}
		catch (InterruptedException ex) {
			// a BM25 search takes milliseconds: let it end before the searcher is
			// released
			awaitQuietly(search);
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while searching");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Search failed", ex.getCause());
		}
	}

	/** Waits until {@code search} is over, whatever its outcome. */
	private static void awaitQuietly(Future<?> search) {
		boolean interrupted = false;
		while (true) {
			try {
				search.get();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
			catch (ExecutionException ex) {
				break;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private static String documentId(IndexSearcher searcher, int passage) throws IOException {
		return searcher.storedFields().document(passage, Set.of(DOCUMENT_ID)).get(DOCUMENT_ID);
	}

	private List<ScoreDoc> lexical(IndexSearcher searcher, String question, int depth) throws IOException {
		Query query = bagOfWords(question);
		return (query != null) ? List.of(searcher.search(query, depth).scoreDocs) : List.of();
	}

	private List<ScoreDoc> semantic(IndexSearcher searcher, String question, int depth) throws IOException {
		Query query = new KnnFloatVectorQuery(VECTOR, this.embedder.embedQuery(question), depth);
		return List.of(searcher.search(query, depth).scoreDocs);
	}

	/**
	 * Each distinct analysed term of the question, weighted by how often it occurs (as
	 * Anserini does).
	 */
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

	private Iterator<float[]> embeddings(List<DocumentMessage> documents, List<List<String>> passages) {
		if (this.embedder == null) {
			return null;
		}
		List<String> texts = new ArrayList<>();
		for (int d = 0; d < documents.size(); d++) {
			for (String passage : passages.get(d)) {
				texts.add(embeddingInput(documents.get(d).title(), passage));
			}
		}
		return texts.isEmpty() ? List.<float[]>of().iterator() : this.embedder.embedPassages(texts).iterator();
	}

	private static String embeddingInput(String title, String passage) {
		return title.isEmpty() ? passage : title + " " + passage;
	}

	private static Document toLucene(DocumentMessage document, int position, String passage, float[] vector) {
		Document lucene = new Document();
		lucene.add(new StringField(DOCUMENT_ID, document.id(), Field.Store.YES));
		lucene.add(new StoredField(POSITION, position));
		if (position == 0) {
			lucene.add(new StringField(FIRST_PASSAGE, "true", Field.Store.NO));
		}
		lucene.add(new StoredField(TITLE, document.title()));
		lucene.add(new StoredField(TEXT, passage));
		lucene.add(new TextField(CONTENTS, document.title() + " " + passage, Field.Store.NO));
		if (vector != null) {
			lucene.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
		}
		return lucene;
	}

	private IndexSearcher acquire() {
		try {
			return this.searchers.acquire();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void release(IndexSearcher searcher) {
		try {
			this.searchers.release(searcher);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static BM25Similarity similarity() {
		return new BM25Similarity(K1, B);
	}

	/** How much the index holds. */
	public record Size(int documents, int passages) {

	}

}
