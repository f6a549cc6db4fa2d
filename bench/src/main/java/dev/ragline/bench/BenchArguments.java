package dev.ragline.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name=value} arguments of a benchmark; a bare {@code --name} reads "true". An
 * option the benchmark does not know is a mistake, not silently ignored.
 */
public final class BenchArguments {

	private BenchArguments() {
	}

	/**
	 * @param known the names of the benchmark's options
	 * @throws UsageException for an argument that is not one of them
	 */
	public static Map<String, String> parse(String[] args, Set<String> known) {
		Map<String, String> given = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || arg.length() == 2) {
				throw new UsageException("expected --name=value, not '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			String name = (equals > 2) ? arg.substring(2, equals) : arg.substring(2);
			if (!known.contains(name)) {
				throw new UsageException("unknown option --" + name + "; this benchmark takes --"
						+ String.join(", --", new TreeSet<>(known)));
			}
			given.put(name, (equals > 2) ? arg.substring(equals + 1) : "true");
		}
		return given;
	}

	/** A mistake in a benchmark's arguments. */
	public static final class UsageException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		UsageException(String message) {
			super(message);
		}

	}

}
