package dev.ragline.embedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OnnxRuntimeLibrariesTest {

	@TempDir
	Path directory;

	private final String platform = OnnxRuntimeLibraries.platform();

	private Path library() {
		return this.directory.resolve(System.mapLibraryName("onnxruntime"));
	}

	@Test
	void copiesBothLibrariesOnceAndKeepsACompleteCopy() throws Exception {
		assertThat(this.platform).as("this machine's platform").isNotNull();

		assertThat(OnnxRuntimeLibraries.copyInto(this.directory, this.platform)).isTrue();
		Path jni = this.directory.resolve(System.mapLibraryName("onnxruntime4j_jni"));
		assertThat(library()).isRegularFile();
		assertThat(Files.size(library())).isGreaterThan(1_000_000);
		assertThat(jni).isRegularFile();
		FileTime written = FileTime.fromMillis(1_000_000);
		Files.setLastModifiedTime(library(), written);

		OnnxRuntimeLibraries.copyInto(this.directory, this.platform);

		assertThat(Files.getLastModifiedTime(library())).as("a complete copy is not written again").isEqualTo(written);
		try (var files = Files.list(this.directory)) {
			assertThat(files).as("no partial copies left").hasSize(2);
		}
	}

	@Test
	void writesAgainACopyCutShort() throws Exception {
		OnnxRuntimeLibraries.copyInto(this.directory, this.platform);
		long size = Files.size(library());
		Files.write(library(), new byte[] { 1, 2, 3 });

		OnnxRuntimeLibraries.copyInto(this.directory, this.platform);

		assertThat(Files.size(library())).isEqualTo(size);
	}

	@Test
	void saysSoForAPlatformTheJarHasNoLibraryFor() throws Exception {
		assertThat(OnnxRuntimeLibraries.copyInto(this.directory, "solaris-sparc")).isFalse();
	}

}
