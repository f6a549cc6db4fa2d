package dev.ragline.contracts;

import java.util.Objects;

/**
 * A piece of a document that the retriever found relevant to a question. Produced by the
 * retriever inside {@link RetrievedQuery}; copied by the LLM stage into the result's
 * {@code sources}.
 *
 * @param documentId id of the document the passage comes from
 * @param title the document's title, may be empty
 * @param text the passage text given to the LLM
 * @param score the retriever's relevance score (higher is better; comparable only within
 * one query)
 */
public record Passage(String documentId, String title, String text, double score) {

	public Passage {
		Objects.requireNonNull(documentId, "documentId");
		title = (title != null) ? title : "";
		Objects.requireNonNull(text, "text");
	}

}
