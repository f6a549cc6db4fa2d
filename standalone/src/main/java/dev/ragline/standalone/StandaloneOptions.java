package dev.ragline.standalone;

import java.util.Map;

import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.infra.LocalRedisServer;

/**
 * Ports of the standalone mode, from {@code --http-port=}, {@code --kafka-port=} and
 * {@code --redis-port=} arguments or the {@code RAGLINE_HTTP_PORT},
 * {@code RAGLINE_KAFKA_PORT} and {@code RAGLINE_REDIS_PORT} environment variables.
 */
record StandaloneOptions(int httpPort, int kafkaPort, int redisPort) {

	static final int DEFAULT_HTTP_PORT = 8080;

	static StandaloneOptions parse(String[] args, Map<String, String> env) {
		return new StandaloneOptions(port(args, env, "http-port", DEFAULT_HTTP_PORT),
				port(args, env, "kafka-port", LocalKafkaBroker.DEFAULT_PORT),
				port(args, env, "redis-port", LocalRedisServer.DEFAULT_PORT));
	}

	private static int port(String[] args, Map<String, String> env, String name, int defaultPort) {
		String value = null;
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				value = arg.substring(name.length() + 3);
			}
		}
		if (value == null) {
			value = env.get("RAGLINE_" + name.replace("-", "_").toUpperCase(java.util.Locale.ROOT));
		}
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
