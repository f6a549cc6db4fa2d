package dev.ragline.retriever.index;

import java.util.Objects;

/**
 * A document of the collection.
 *
 * @param id stable id, cited by answers
 * @param title title, may be empty
 * @param text full text
 * @param source where it came from (file name, dataset), may be empty
 */
public record Document(String id, String title, String text, String source) {

	public Document {
		Objects.requireNonNull(id, "id");
		title = (title != null) ? title : "";
		Objects.requireNonNull(text, "text");
		source = (source != null) ? source : "";
	}

}
