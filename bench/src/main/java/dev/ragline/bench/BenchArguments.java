package dev.ragline.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} arguments of a benchmark; a bare {@code --name} reads "true". */
public final class BenchArguments {

	private BenchArguments() {
	}

	public static Map<String, String> parse(String[] args) {
		Map<String, String> given = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || arg.length() == 2) {
				throw new IllegalArgumentException("Expected --name=value, not '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			if (equals > 2) {
				given.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
			else {
				given.put(arg.substring(2), "true");
			}
		}
		return given;
	}

}
