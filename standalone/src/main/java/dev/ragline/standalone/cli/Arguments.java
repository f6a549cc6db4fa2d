package dev.ragline.standalone.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The arguments of a {@code ./ragline} command: the options the command knows
 * ({@code --name=value} or {@code --name value}, and flags), positional arguments, and
 * everything else passed on unchanged to Spring ({@code --server.port=8181}).
 */
public final class Arguments {

	/**
	 * A Spring setting: {@code --name.with.dots=value} (an index in brackets allowed).
	 */
	private static final Pattern SETTING = Pattern.compile("--[A-Za-z0-9_-]+(\\.[A-Za-z0-9_\\[\\]-]+)+=.*",
			Pattern.DOTALL);

	private final Map<String, String> options;

	private final List<String> positional;

	private final List<String> passedOn;

	private Arguments(Map<String, String> options, List<String> positional, List<String> passedOn) {
		this.options = options;
		this.positional = positional;
		this.passedOn = passedOn;
	}

	/**
	 * @param valued names of the command's options that take a value
	 * @param flags names of the command's options that take none
	 * @throws IllegalArgumentException when a valued option has no value
	 */
	public static Arguments parse(String[] args, Set<String> valued, Set<String> flags) {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> positional = new ArrayList<>();
		List<String> passedOn = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				positional.add(arg);
				continue;
			}
			int equals = arg.indexOf('=');
			String name = arg.substring(2, (equals > 0) ? equals : arg.length());
			if (flags.contains(name) && equals < 0) {
				options.put(name, "true");
			}
			else if (valued.contains(name)) {
				if (equals > 0) {
					options.put(name, arg.substring(equals + 1));
				}
				else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
					options.put(name, args[++i]);
				}
				else {
					throw new IllegalArgumentException("--" + name + " needs a value, e.g. --" + name + "=...");
				}
			}
			else {
				passedOn.add(arg);
			}
		}
		return new Arguments(options, List.copyOf(positional), List.copyOf(passedOn));
	}

	/**
	 * As {@link #parse}, for a command that passes what it does not know on to Spring:
	 * that must be a setting with a dotted name and a value ({@code --server.port=8181});
	 * anything else is a mistake, and so are positional arguments beyond
	 * {@code maxPositional}.
	 * @throws IllegalArgumentException naming the first argument that is neither
	 */
	public static Arguments parseWithSettings(String[] args, Set<String> valued, Set<String> flags, int maxPositional) {
		Arguments arguments = parse(args, valued, flags);
		for (String arg : arguments.passedOn) {
			if (!SETTING.matcher(arg).matches()) {
				throw new IllegalArgumentException("unknown option " + arg.replaceFirst("=.*", "")
						+ " (a service setting is given as --name=value, with its dotted name, e.g. --server.port=8181)");
			}
		}
		if (arguments.positional.size() > maxPositional) {
			throw new IllegalArgumentException("unexpected argument '" + arguments.positional.get(maxPositional) + "'");
		}
		return arguments;
	}

	public Optional<String> value(String name) {
		return Optional.ofNullable(this.options.get(name)).filter((value) -> !value.isBlank());
	}

	public boolean flag(String name) {
		return this.options.containsKey(name);
	}

	public List<String> positional() {
		return this.positional;
	}

	/** What the command does not know itself, for Spring ({@code --name=value}). */
	public String[] passedOn() {
		return this.passedOn.toArray(String[]::new);
	}

	/**
	 * A port from {@code --name=}, else the environment variable {@code env}, else
	 * {@code defaultPort}.
	 * @throws IllegalArgumentException when it is not a port number
	 */
	public int port(String name, Map<String, String> environment, String env, int defaultPort) {
		String value = value(name).orElseGet(() -> environment.get(env));
		if (value == null || value.isBlank()) {
			return defaultPort;
		}
		try {
			int port = Integer.parseInt(value.trim());
			if (port < 0 || port > 65_535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a port number (0-65535), not '" + value + "'");
		}
	}

}
