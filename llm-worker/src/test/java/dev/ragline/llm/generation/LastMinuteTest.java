package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.ragline.contracts.WorkerStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The last minute's calls and reroutes, as a worker's status shows them. */
class LastMinuteTest {

	private Instant now = Instant.parse("2026-12-02T12:00:00Z");

	private final LastMinute lastMinute = new LastMinute(new Clock() {

		@Override
		public Instant instant() {
			return LastMinuteTest.this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	});

	@Test
	void countsCallsPerBackendWithTheirMedianAnd95thPercentile() {
		for (int millis = 1; millis <= 100; millis++) {
			this.lastMinute.call("vllm", Duration.ofMillis(millis));
		}
		this.lastMinute.call("ollama", Duration.ofMillis(700));

		assertThat(this.lastMinute.calls()).isEqualTo(Map.of("vllm", new WorkerStatus.Calls(100, 50.0, 95.0), "ollama",
				new WorkerStatus.Calls(1, 700.0, 700.0)));
	}

	@Test
	void forgetsWhatIsOlderThanAMinute() {
		this.lastMinute.call("vllm", Duration.ofMillis(10));
		this.lastMinute.rerouted("VLLM_TIMEOUT");
		this.now = this.now.plusSeconds(30);
		this.lastMinute.call("vllm", Duration.ofMillis(20));
		this.lastMinute.rerouted("VLLM_TIMEOUT");
		this.lastMinute.rerouted("VLLM_MODEL_NOT_FOUND");
		assertThat(this.lastMinute.reroutes()).isEqualTo(Map.of("VLLM_TIMEOUT", 2, "VLLM_MODEL_NOT_FOUND", 1));

		this.now = this.now.plusSeconds(31);

		assertThat(this.lastMinute.calls()).isEqualTo(Map.of("vllm", new WorkerStatus.Calls(1, 20.0, 20.0)));
		assertThat(this.lastMinute.reroutes()).isEqualTo(Map.of("VLLM_TIMEOUT", 1, "VLLM_MODEL_NOT_FOUND", 1));
		this.now = this.now.plusSeconds(60);
		assertThat(this.lastMinute.calls()).isEmpty();
		assertThat(this.lastMinute.reroutes()).isEmpty();
	}

	@Test
	void keepsAtMostItsCapacityDroppingTheOldest() {
		for (int i = 0; i < LastMinute.CAPACITY + 5; i++) {
			this.lastMinute.call("vllm", Duration.ofMillis((i < 5) ? 10_000 : 1));
		}

		WorkerStatus.Calls calls = this.lastMinute.calls().get("vllm");
		assertThat(calls.lastMinute()).isEqualTo(LastMinute.CAPACITY);
		assertThat(calls.p95Ms()).isEqualTo(1.0);
	}

}
