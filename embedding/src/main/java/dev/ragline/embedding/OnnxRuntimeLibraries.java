package dev.ragline.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import ai.onnxruntime.OrtEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has ONNX Runtime load its native libraries from one shared copy per version and
 * platform in the temporary directory. Left to itself, it copies them (16 MB) into a new
 * directory at every start and deletes that copy only when the JVM ends normally: every
 * process killed while its model loaded left 16 MB behind in {@code /tmp}, and every
 * start paid the copy. A copy is written to a file of its own and moved into place, so a
 * process killed while writing leaves no half library for the next one; a copy whose size
 * does not match is written again. When {@code onnxruntime.native.path} is set already,
 * or the platform or version is unknown, ONNX Runtime does as it always does.
 */
final class OnnxRuntimeLibraries {

	static final String NATIVE_PATH = "onnxruntime.native.path";

	private static final Logger logger = LoggerFactory.getLogger(OnnxRuntimeLibraries.class);

	private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

	private OnnxRuntimeLibraries() {
	}

	/** Points ONNX Runtime at the shared copy, writing it first if need be. */
	static synchronized void useSharedCopy() {
		if (System.getProperty(NATIVE_PATH) != null) {
			return;
		}
		String version = OrtEnvironment.class.getPackage().getImplementationVersion();
		String platform = platform();
		if (version == null || platform == null) {
			return;
		}
		Path directory = Path.of(System.getProperty("java.io.tmpdir"),
				"ragline-onnxruntime-" + version + "-" + platform);
		try {
			if (copyInto(directory, platform)) {
				System.setProperty(NATIVE_PATH, directory.toString());
			}
		}
		catch (IOException ex) {
			logger.warn("Cannot keep ONNX Runtime's libraries in {} ({}); it copies them itself", directory,
					ex.toString());
		}
	}

	/**
	 * Makes {@code directory} hold this platform's libraries, as the jar has them.
	 * @return whether it does (false when the jar has none for this platform)
	 */
	static boolean copyInto(Path directory, String platform) throws IOException {
		for (String library : LIBRARIES) {
			String name = System.mapLibraryName(library);
			URL resource = OrtEnvironment.class.getResource("/ai/onnxruntime/native/" + platform + "/" + name);
			if (resource == null) {
				return false;
			}
			URLConnection connection = resource.openConnection();
			long size = connection.getContentLengthLong();
			Path target = directory.resolve(name);
			if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
				continue;
			}
			Files.createDirectories(directory);
			Path partial = Files.createTempFile(directory, name, ".partial");
			try (InputStream in = connection.getInputStream()) {
				Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(partial);
			}
		}
		return true;
	}

	/** ONNX Runtime's name for this platform ({@code linux-x64}), or {@code null}. */
	static String platform() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		String osName = os.contains("linux") ? "linux"
				: (os.contains("mac") || os.contains("darwin")) ? "osx" : os.contains("win") ? "win" : null;
		String archName = (arch.equals("amd64") || arch.equals("x86_64")) ? "x64"
				: arch.equals("aarch64") ? "aarch64" : null;
		return (osName != null && archName != null) ? osName + "-" + archName : null;
	}

}
