package dev.ragline.bench;

import java.util.List;

/** Prints rows as a Markdown table, columns padded to line up. */
public final class Table {

	private Table() {
	}

	public static void print(String[] header, List<String[]> rows) {
		int[] widths = new int[header.length];
		for (int i = 0; i < header.length; i++) {
			widths[i] = header[i].length();
		}
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		System.out.println();
		printRow(header, widths);
		String[] rule = new String[header.length];
		for (int i = 0; i < rule.length; i++) {
			rule[i] = "-".repeat(widths[i]);
		}
		printRow(rule, widths);
		rows.forEach((row) -> printRow(row, widths));
		System.out.println();
	}

	private static void printRow(String[] cells, int[] widths) {
		StringBuilder line = new StringBuilder("|");
		for (int i = 0; i < cells.length; i++) {
			line.append(' ').append(String.format("%-" + widths[i] + "s", cells[i])).append(" |");
		}
		System.out.println(line);
	}

}
