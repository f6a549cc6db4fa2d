package dev.ragline.standalone.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code ./ragline} keeps what outlives a command: {@code RAGLINE_HOME}, else
 * {@code ~/.ragline}. Logs go to {@code logs/}, {@code ./ragline infra} keeps Kafka's and
 * Redis's data in {@code data/}, and a running standalone leaves its lock file there.
 */
public final class RaglineHome {

	public static final String ENV = "RAGLINE_HOME";

	private RaglineHome() {
	}

	public static Path dir(Map<String, String> env) {
		String home = env.get(ENV);
		if (home != null && !home.isBlank()) {
			return Path.of(home).toAbsolutePath();
		}
		return Path.of(System.getProperty("user.home"), ".ragline");
	}

	public static Path logs(Map<String, String> env) {
		return dir(env).resolve("logs");
	}

	public static Path data(Map<String, String> env) {
		return dir(env).resolve("data");
	}

}
