package dev.ragline.standalone;

import java.util.Map;

import dev.ragline.standalone.infra.InfraOptions;

/**
 * Options of {@code ./ragline standalone}: the HTTP port ({@code --http-port=} or
 * {@code RAGLINE_HTTP_PORT}) and which Kafka and Redis to use ({@link InfraOptions}; its
 * own on {@code --kafka-port=} and {@code --redis-port=}, data in temporary directories).
 * {@code --ports=auto} puts everything on free ports. Read from the command line by
 * {@link StandaloneArguments}.
 *
 * @param httpPort the HTTP API's port, {@code 0} for a free one
 * @param infra Kafka and Redis
 */
record StandaloneOptions(int httpPort, InfraOptions infra) {

	static final int DEFAULT_HTTP_PORT = 8080;

	/** The option naming each server's port, for messages about a port in use. */
	static final Map<String, String> PORT_OPTIONS = Map.of("Kafka", "--kafka-port", "Redis", "--redis-port", "HTTP",
			"--http-port");

	/** Free ports, its own Kafka and Redis, the sample corpus. */
	static StandaloneOptions onFreePorts() {
		return new StandaloneOptions(0, InfraOptions.temporary());
	}

}
