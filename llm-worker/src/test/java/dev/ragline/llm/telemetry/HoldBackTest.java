package dev.ragline.llm.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.kafka.RecordErrorPolicy;
import dev.ragline.kafka.concurrent.ConcurrentRecordDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hold-back rule on its own: vLLM's queue above the setting halves the in-flight
 * limit down to the floor, at or below it the limit grows back by an eighth of
 * max-in-flight per reading.
 */
class HoldBackTest {

	private final ConcurrentRecordDispatcher primary = new ConcurrentRecordDispatcher("test", (record) -> {
	}, (record, ex) -> {
	}, RecordErrorPolicy.notRetrying(), List.of(), 64, Duration.ofSeconds(1));

	@AfterEach
	void stop() {
		this.primary.stop();
	}

	@Test
	void halvesDownToTheFloorWhileTheQueueIsLongAndGrowsBackWhenItIsShort() {
		HoldBack holdBack = new HoldBack(this.primary, 16, 4);

		List<Integer> limits = new ArrayList<>();
		for (int reading = 0; reading < 5; reading++) {
			holdBack.accept(waiting(40));
			limits.add(this.primary.limit());
		}
		for (int reading = 0; reading < 8; reading++) {
			holdBack.accept(waiting(16));
			limits.add(this.primary.limit());
		}

		assertThat(limits).containsExactly(32, 16, 8, 4, 4, 12, 20, 28, 36, 44, 52, 60, 64);
	}

	@Test
	void changesNothingWhenVllmCannotBeReadOrReportsNoQueueOrTheRuleIsOff() {
		HoldBack holdBack = new HoldBack(this.primary, 16, 4);
		holdBack.accept(BackendTelemetry.unreachable("vllm", Instant.now(), "connection refused"));
		holdBack.accept(new BackendTelemetry("vllm", true, Instant.now(), 3.0, null, null, null, null, null, null, null,
				null, null));
		assertThat(this.primary.limit()).isEqualTo(64);

		new HoldBack(this.primary, 0, 4).accept(waiting(1000));
		assertThat(this.primary.limit()).isEqualTo(64);
	}

	private static BackendTelemetry waiting(double waiting) {
		return new BackendTelemetry("vllm", true, Instant.now(), 64.0, waiting, 0.9, null, null, null, null, null, null,
				null);
	}

}
