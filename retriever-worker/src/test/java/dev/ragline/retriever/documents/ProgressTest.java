package dev.ragline.retriever.documents;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

	@Test
	void saysHowFarHowFastAndHowLongStill() {
		Progress progress = new Progress(300, 1000, Duration.ofSeconds(10));

		assertThat(progress.describe("records")).isEqualTo("300 of 1000 records (30%), 30 records/s, about 23 s to go");
		assertThat(new Progress(300, 10_000, Duration.ofSeconds(10)).describe("records"))
			.endsWith("about 5 min 23 s to go");
	}

	@Test
	void drawsABarAsFullAsTheShareDone() {
		assertThat(new Progress(5, 10, Duration.ofSeconds(1)).bar(10, "documents"))
			.startsWith("[#####.....] 5 of 10 documents (50%)");
		assertThat(new Progress(10, 10, Duration.ofSeconds(2)).bar(4, "documents"))
			.isEqualTo("[####] 10 of 10 documents (100%), 5 documents/s, done in 2 s");
	}

	@Test
	void hasNoTimeToGoBeforeAnythingIsDone() {
		assertThat(new Progress(0, 10, Duration.ofSeconds(3)).describe("records")).endsWith("time to go unknown");
	}

}
