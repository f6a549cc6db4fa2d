package dev.ragline.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;

import dev.ragline.bench.LauncherProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short chaos run, every service its own JVM started from the launcher as built: 200
 * queries at 20/s while a worker is killed every 3 s, redis-server and the broker are
 * killed and restarted, and vLLM answers 404 for a while. No accepted query is lost, no
 * refused one is processed, no query is finished twice. ({@code ./ragline bench chaos} is
 * the long run.)
 */
class ChaosIT {

	private static final Path LAUNCHER = Path.of("..", "standalone", "target", "ragline-standalone.jar")
		.toAbsolutePath()
		.normalize();

	@TempDir
	Path home;

	@Test
	void underKillsAndRestartsNoAcceptedQueryIsLostAndNoRefusedOneProcessed() throws Exception {
		ChaosRun.Options options = new ChaosRun.Options(200, 20, Duration.ofSeconds(3), Duration.ofMillis(200), 7,
				Duration.ofMinutes(3));
		ChaosReport report;
		try (LauncherProcesses processes = LauncherProcesses.withJar(LAUNCHER, this.home)) {
			report = new ChaosRun(options, processes, System.out).run();
		}

		assertThat(report.faults()).anyMatch((fault) -> fault.startsWith("kill -9 redis-server"))
			.anyMatch((fault) -> fault.startsWith("kill -9 the Kafka broker"))
			.anyMatch((fault) -> fault.matches("kill -9 (retriever|llm|fallback)-\\d"));
		assertThat(report.submitted()).isEqualTo(200);
		assertThat(report.accepted()).as("most submissions are accepted, some refused while the broker is away")
			.isGreaterThan(50);
		assertThat(report.lost()).as("accepted queries that never ended").isEmpty();
		assertThat(report.ghosts()).as("refused submissions that were processed").isEmpty();
		assertThat(report.done() + report.failedByReason().values().stream().mapToInt(Integer::intValue).sum())
			.isEqualTo(report.accepted());
		assertThat(report.duplicateFinalWrites()).isZero();
		assertThat(report.unanswered()).as("every submission got an answer").isZero();
	}

}
