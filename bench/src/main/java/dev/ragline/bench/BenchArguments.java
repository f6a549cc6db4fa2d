package dev.ragline.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A benchmark's arguments: options as {@code --name=value} or {@code --name value}, flags
 * as {@code --name} (or {@code --name=true}). An argument the benchmark does not know is
 * a mistake, not silently ignored.
 */
public final class BenchArguments {

	private BenchArguments() {
	}

	/**
	 * Arguments of a benchmark without flags.
	 * @param options the names of the benchmark's options, each taking a value
	 * @throws UsageException for an argument that is not one of them
	 */
	public static Map<String, String> parse(String[] args, Set<String> options) {
		return parse(args, options, Set.of());
	}

	/**
	 * Arguments of a benchmark; a flag given reads "true".
	 * @param options the names of the benchmark's options, each taking a value
	 * @param flags the names of its flags, which take none
	 * @throws UsageException for an argument that is none of them, or an option without a
	 * value
	 */
	public static Map<String, String> parse(String[] args, Set<String> options, Set<String> flags) {
		Map<String, String> given = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--") || arg.length() == 2) {
				throw new UsageException("expected an option (--name=value or --name value), not '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			String name = (equals > 2) ? arg.substring(2, equals) : arg.substring(2);
			if (flags.contains(name)) {
				String value = (equals > 2) ? arg.substring(equals + 1) : "true";
				if (!value.equals("true") && !value.equals("false")) {
					throw new UsageException(
							"--" + name + " is a flag: give it alone, or as --" + name + "=true|false");
				}
				given.put(name, value);
			}
			else if (!options.contains(name)) {
				Set<String> known = new TreeSet<>(options);
				known.addAll(flags);
				throw new UsageException(
						"unknown option --" + name + "; this benchmark takes --" + String.join(", --", known));
			}
			else if (equals > 2) {
				given.put(name, arg.substring(equals + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				given.put(name, args[++i]);
			}
			else {
				throw new UsageException("--" + name + " needs a value (--" + name + "=VALUE or --" + name + " VALUE)");
			}
		}
		return given;
	}

	/**
	 * The whole number given as option {@code name}, or {@code defaultValue}.
	 * @throws UsageException naming the option when it is not a whole number
	 */
	public static int integer(Map<String, String> given, String name, int defaultValue) {
		long value = whole(given, name, defaultValue);
		if (value != (int) value) {
			throw new UsageException("--" + name + " is out of range: " + value);
		}
		return (int) value;
	}

	/** As {@link #integer}, for a long. */
	public static long whole(Map<String, String> given, String name, long defaultValue) {
		return number(given, name, defaultValue, Long::parseLong, "a whole number");
	}

	/**
	 * The number given as option {@code name}, or {@code defaultValue}.
	 * @throws UsageException naming the option when it is not a number
	 */
	public static double decimal(Map<String, String> given, String name, double defaultValue) {
		return number(given, name, defaultValue, Double::parseDouble, "a number");
	}

	private static <T> T number(Map<String, String> given, String name, T defaultValue, Function<String, T> parse,
			String kind) {
		String value = given.get(name);
		if (value == null) {
			return defaultValue;
		}
		try {
			return parse.apply(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--" + name + " takes " + kind + ", not '" + value + "'");
		}
	}

	/** A mistake in a benchmark's arguments. */
	public static final class UsageException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		public UsageException(String message) {
			super(message);
		}

	}

}
