package dev.ragline.standalone.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text in columns aligned with spaces, headings first, for a terminal: what
 * {@code ./ragline status} prints is read by eye, and copied into issues as it is.
 */
final class TextTable {

	private static final int GAP = 2;

	private final List<List<String>> rows = new ArrayList<>();

	TextTable(String... headings) {
		this.rows.add(List.of(headings));
	}

	/** Adds a row of as many cells as there are headings; none is {@code null}. */
	void row(String... cells) {
		if (cells.length != this.rows.get(0).size()) {
			throw new IllegalArgumentException(
					"A row of " + cells.length + " cells for " + this.rows.get(0).size() + " columns");
		}
		this.rows.add(List.of(cells));
	}

	boolean hasRows() {
		return this.rows.size() > 1;
	}

	/** The table, one line per row, each ending in a line feed. */
	String render() {
		int[] widths = new int[this.rows.get(0).size()];
		for (List<String> row : this.rows) {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		StringBuilder text = new StringBuilder();
		for (List<String> row : this.rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < widths.length; i++) {
				line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length() + GAP));
			}
			text.append(line.toString().stripTrailing()).append('\n');
		}
		return text.toString();
	}

}
