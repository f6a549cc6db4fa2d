package dev.ragline.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processes a benchmark started are stopped as Ctrl-C would stop them, so they clean
 * up after themselves: a standalone's passage index, in a temporary directory, is gone
 * afterwards (stopped with {@code kill -9}, every benchmark run left its standalone's
 * temporary directories behind, Kafka's log among them: about 120 MB a run).
 */
class LauncherProcessesIT {

	private static final Path LAUNCHER = Path.of("..", "standalone", "target", "ragline-standalone.jar")
		.toAbsolutePath()
		.normalize();

	private static final Pattern INDEX_DIRECTORY = Pattern
		.compile("Passage index in (\\S+) \\(rebuilt at every start\\)");

	@TempDir
	Path home;

	@Test
	void closingStopsTheServicesSoThatTheirTemporaryDirectoriesAreDeleted() {
		Path index;
		try (LauncherProcesses processes = LauncherProcesses.withJar(LAUNCHER, this.home)) {
			LauncherProcesses.Standalone standalone = processes
				.standalone(List.of("--ports=auto", "--ragline.retriever.mode=bm25"));
			Matcher matcher = INDEX_DIRECTORY.matcher(standalone.process().output());
			assertThat(matcher.find()).as("the retriever says where its index is").isTrue();
			index = Path.of(matcher.group(1));
			assertThat(index).isDirectory();
		}
		assertThat(index).doesNotExist();
	}

}
