package dev.ragline.retriever.documents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.MessageJson;

/**
 * Documents from files, for {@code ./ragline index PATH}: a {@code .txt} or {@code .md}
 * file is one document (id = its path under PATH, title = its first Markdown heading or
 * its file name); a {@code .jsonl} file holds one document per line in BEIR's form
 * ({@code {"_id" or "id", "title", "text"}}). A directory is read recursively, in path
 * order.
 */
public final class DocumentFiles {

	private DocumentFiles() {
	}

	public static List<DocumentMessage> read(Path path) {
		if (Files.isDirectory(path)) {
			try (Stream<Path> files = Files.walk(path)) {
				List<DocumentMessage> documents = new ArrayList<>();
				for (Path file : files.filter(Files::isRegularFile)
					.filter(DocumentFiles::supported)
					.sorted()
					.toList()) {
					documents.addAll(readFile(file, path.relativize(file).toString()));
				}
				return documents;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + path, ex);
			}
		}
		if (!supported(path)) {
			throw new IllegalArgumentException(path + " is not a .txt, .md or .jsonl file");
		}
		return readFile(path, path.getFileName().toString());
	}

	/**
	 * BEIR-style JSON Lines; a line that is not a valid document stops the read, naming
	 * the line.
	 */
	public static List<DocumentMessage> readJsonLines(InputStream in, String source) {
		List<DocumentMessage> documents = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				try {
					DocumentMessage document = DocumentMessage.read(MessageJson.mapper().readTree(line), null);
					documents.add(document.source().isEmpty()
							? DocumentMessage.of(document.id(), document.title(), document.text(), source) : document);
				}
				catch (InvalidMessageException | tools.jackson.core.JacksonException ex) {
					throw new IllegalArgumentException(source + " line " + number + ": " + ex.getMessage(), ex);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + source, ex);
		}
		return documents;
	}

	private static List<DocumentMessage> readFile(Path file, String id) {
		try {
			if (extension(file).equals("jsonl")) {
				try (InputStream in = Files.newInputStream(file)) {
					return readJsonLines(in, id);
				}
			}
			String text = Files.readString(file, StandardCharsets.UTF_8);
			if (text.isBlank()) {
				return List.of();
			}
			return List.of(DocumentMessage.of(id, title(file, text), text, id));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	private static String title(Path file, String text) {
		if (extension(file).equals("md")) {
			for (String line : text.split("\n")) {
				if (line.startsWith("#")) {
					return line.replaceFirst("^#+", "").strip();
				}
			}
		}
		String name = file.getFileName().toString();
		return name.substring(0, name.lastIndexOf('.'));
	}

	private static boolean supported(Path file) {
		return List.of("txt", "md", "jsonl").contains(extension(file));
	}

	private static String extension(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return (dot < 0) ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

}
