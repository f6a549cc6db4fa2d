package dev.ragline.retriever.index;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.MessageJson;
import tools.jackson.databind.JsonNode;

/**
 * Reads documents from JSON Lines: one object a line with {@code id} (or BEIR's
 * {@code _id}), {@code title} and {@code text}.
 */
public final class JsonLinesCorpus {

	private JsonLinesCorpus() {
	}

	public static List<Document> read(InputStream in, String source) {
		List<Document> documents = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (!line.isBlank()) {
					documents.add(parse(line, source, number));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read corpus " + source, ex);
		}
		return documents;
	}

	private static Document parse(String line, String source, int number) {
		JsonNode json = MessageJson.mapper().readTree(line);
		String id = json.hasNonNull("id") ? json.get("id").asString() : json.path("_id").asString(null);
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException(source + " line " + number + ": no \"id\" or \"_id\"");
		}
		return new Document(id, json.path("title").asString(""), json.path("text").asString(""),
				json.path("source").asString(source));
	}

}
