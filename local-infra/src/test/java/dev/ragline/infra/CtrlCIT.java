package dev.ragline.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A Ctrl-C in the terminal signals every process of the foreground group. The
 * redis-server a JVM started must not be among them: it stops when its owner's shutdown
 * hook stops it, after the services that still write to it (before, a Ctrl-C stopped it
 * at once and the services' last writes, and their shutdown, waited for a Redis that was
 * gone).
 */
class CtrlCIT {

	@Test
	void redisAnswersUntilItsOwnerStopsItAfterACtrlC() throws Exception {
		assumeThat(Files.isExecutable(Path.of("/usr/bin/setsid"))).as("setsid (util-linux) on this machine").isTrue();
		assumeThat(Files.isExecutable(Path.of("/usr/bin/kill")) || Files.isExecutable(Path.of("/bin/kill")))
			.as("kill (procps) on this machine")
			.isTrue();
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		// in a session of its own, so that the group signalled below is the probe's only
		Process probe = new ProcessBuilder("/usr/bin/setsid", java.toString(), "-cp",
				System.getProperty("java.class.path"), CtrlCProbe.class.getName())
			.redirectErrorStream(true)
			.start();
		List<String> output = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
			long redisPid = awaitRedisPid(lines, output);

			// what the terminal does on Ctrl-C: SIGINT to the whole process group
			int killed = new ProcessBuilder("kill", "-INT", "--", "-" + probe.pid()).inheritIO().start().waitFor();
			assertThat(killed).isZero();

			assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("the probe stops").isTrue();
			String line;
			while ((line = lines.readLine()) != null) {
				output.add(line);
			}
			assertThat(output).as("what the probe printed").contains("at exit: +PONG");
			assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false))
				.as("redis-server stopped by its owner")
				.isFalse();
		}
		finally {
			probe.destroyForcibly();
		}
	}

	private static long awaitRedisPid(BufferedReader lines, List<String> output) throws IOException {
		String line;
		while ((line = lines.readLine()) != null) {
			output.add(line);
			if (line.startsWith("redis-server pid ")) {
				return Long.parseLong(line.substring("redis-server pid ".length()).trim());
			}
		}
		throw new AssertionError("The probe ended before starting redis-server: " + output);
	}

}
