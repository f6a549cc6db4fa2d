package dev.ragline.retriever.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import dev.ragline.contracts.DocumentMessage;

/**
 * The corpus shipped with ragline: 500 SciFact abstracts (ODC-By 1.0, see
 * {@code sample-corpus/README.md}), for the standalone mode and tests. It reaches
 * retrievers the way every corpus does, through the documents topic.
 */
public final class SampleCorpus {

	static final String RESOURCE = "/sample-corpus/scifact-sample.jsonl";

	private SampleCorpus() {
	}

	public static List<DocumentMessage> documents() {
		try (InputStream in = SampleCorpus.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing from the classpath");
			}
			return DocumentFiles.readJsonLines(in, "sample-corpus");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
