package dev.ragline.infra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a {@code redis-server} binary: {@code RAGLINE_REDIS_SERVER} when set, else the
 * machine's own on the {@code PATH}, else the statically linked build shipped inside the
 * {@code org.signal:embedded-redis} jar (Redis 7.0.15, BSD licence), copied out once to
 * the temp directory.
 */
final class RedisExecutable {

	static final String OVERRIDE_ENV = "RAGLINE_REDIS_SERVER";

	private static final String BUNDLED_VERSION = "7.0.15";

	private RedisExecutable() {
	}

	static Path locate() {
		String override = System.getenv(OVERRIDE_ENV);
		if (override != null && !override.isBlank()) {
			return Path.of(override);
		}
		return onPath().orElseGet(RedisExecutable::bundled);
	}

	private static Optional<Path> onPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "redis-server");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private static Path bundled() {
		String resource = "/redis-server-" + BUNDLED_VERSION + "-" + platform();
		Path target = Path.of(System.getProperty("java.io.tmpdir"), "ragline-" + resource.substring(1));
		if (Files.isExecutable(target)) {
			return target;
		}
		try (InputStream in = RedisExecutable.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(
						"No redis-server found: install one (e.g. apt-get install redis-server) " + "or set "
								+ OVERRIDE_ENV + "; no bundled build for " + platform());
			}
			Path partial = Files.createTempFile(target.getParent(), "ragline-redis-", ".partial");
			Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
			partial.toFile().setExecutable(true);
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy the bundled redis-server to " + target, ex);
		}
	}

	private static String platform() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		String osName = os.contains("mac") ? "darwin" : "linux";
		String archName = (arch.contains("aarch64") || arch.contains("arm64")) ? "arm64" : "amd64";
		return osName + "-" + archName;
	}

}
