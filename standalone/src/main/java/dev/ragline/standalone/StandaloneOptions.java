package dev.ragline.standalone;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.ragline.standalone.cli.Arguments;
import dev.ragline.standalone.infra.InfraOptions;

/**
 * Options of {@code ./ragline standalone}: the HTTP port ({@code --http-port=} or
 * {@code RAGLINE_HTTP_PORT}) and which Kafka and Redis to use ({@link InfraOptions}; its
 * own on {@code --kafka-port=} and {@code --redis-port=}, data in temporary directories).
 * {@code --ports=auto} puts everything on free ports.
 *
 * @param httpPort the HTTP API's port, {@code 0} for a free one
 * @param infra Kafka and Redis
 */
record StandaloneOptions(int httpPort, InfraOptions infra) {

	static final int DEFAULT_HTTP_PORT = 8080;

	static final Set<String> VALUED = valued();

	static final Set<String> FLAGS = flags();

	/** The option naming each server's port, for messages about a port in use. */
	static final Map<String, String> PORT_OPTIONS = Map.of("Kafka", "--kafka-port", "Redis", "--redis-port", "HTTP",
			"--http-port");

	static StandaloneOptions from(Arguments args, Map<String, String> env) {
		boolean auto = InfraOptions.autoPorts(args);
		return new StandaloneOptions(auto ? 0 : args.port("http-port", env, "RAGLINE_HTTP_PORT", DEFAULT_HTTP_PORT),
				InfraOptions.from(args, env, null));
	}

	/** Free ports, its own Kafka and Redis, the sample corpus. */
	static StandaloneOptions onFreePorts() {
		return new StandaloneOptions(0, InfraOptions.temporary());
	}

	private static Set<String> valued() {
		Set<String> valued = new HashSet<>(InfraOptions.VALUED);
		valued.remove("data-dir");
		valued.add("http-port");
		return Set.copyOf(valued);
	}

	private static Set<String> flags() {
		Set<String> flags = new HashSet<>(InfraOptions.FLAGS);
		flags.add("debug");
		return Set.copyOf(flags);
	}

}
