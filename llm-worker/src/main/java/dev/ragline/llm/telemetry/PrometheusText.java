package dev.ragline.llm.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (version 0.0.4, what vLLM's and llama.cpp's
 * {@code /metrics} serve): one sample per line, {@code name{labels} value [timestamp]},
 * {@code #} lines are comments and type hints. Values may be {@code NaN}, {@code +Inf}
 * and {@code -Inf}; label values escape {@code \\}, {@code \"} and {@code \n}.
 */
final class PrometheusText {

	/** One sample: a metric name, its labels and its value. */
	record Sample(String name, Map<String, String> labels, double value) {

	}

	private PrometheusText() {
	}

	/**
	 * Every sample in {@code text}; a line that is not one is skipped.
	 */
	static List<Sample> parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String raw : text.split("\n")) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			Sample sample = parseLine(line);
			if (sample != null) {
				samples.add(sample);
			}
		}
		return samples;
	}

	private static Sample parseLine(String line) {
		int brace = line.indexOf('{');
		int space = line.indexOf(' ');
		Map<String, String> labels = new LinkedHashMap<>();
		String name;
		int rest;
		if (brace >= 0 && (space < 0 || brace < space)) {
			name = line.substring(0, brace);
			rest = readLabels(line, brace + 1, labels);
			if (rest < 0) {
				return null;
			}
		}
		else if (space > 0) {
			name = line.substring(0, space);
			rest = space;
		}
		else {
			return null;
		}
		String[] fields = line.substring(rest).strip().split("\\s+");
		if (name.isEmpty() || fields.length == 0) {
			return null;
		}
		try {
			return new Sample(name, Map.copyOf(labels), value(fields[0]));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Reads {@code a="x",b="y"} up to the closing brace; returns the index after it. */
	private static int readLabels(String line, int from, Map<String, String> labels) {
		int i = from;
		while (i < line.length()) {
			char c = line.charAt(i);
			if (c == '}') {
				return i + 1;
			}
			if (c == ',' || c == ' ') {
				i++;
				continue;
			}
			int equals = line.indexOf('=', i);
			if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
				return -1;
			}
			String key = line.substring(i, equals).strip();
			StringBuilder value = new StringBuilder();
			int j = equals + 2;
			while (j < line.length() && line.charAt(j) != '"') {
				char v = line.charAt(j);
				if (v == '\\' && j + 1 < line.length()) {
					char escaped = line.charAt(++j);
					value.append((escaped == 'n') ? '\n' : escaped);
				}
				else {
					value.append(v);
				}
				j++;
			}
			if (j >= line.length()) {
				return -1;
			}
			labels.put(key, value.toString());
			i = j + 1;
		}
		return -1;
	}

	private static double value(String text) {
		return switch (text) {
			case "NaN" -> Double.NaN;
			case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

}
