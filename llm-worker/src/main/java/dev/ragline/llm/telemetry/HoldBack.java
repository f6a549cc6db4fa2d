package dev.ragline.llm.telemetry;

import java.util.function.Consumer;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.kafka.concurrent.ConcurrentRecordDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fewer vLLM calls at once while vLLM's own queue is long, instead of piling up
 * requests that wait in the server until they time out. On each reading of vLLM's
 * {@code /metrics}: more than {@code ragline.backends.hold-back-above} requests waiting
 * halves this worker's in-flight limit (not below {@code hold-back-floor}); at or below
 * it, the limit grows back by an eighth of {@code max-in-flight} per reading. The records
 * held back wait in Kafka and in the dispatcher, where a partition's hand-off can still
 * move them, rather than inside vLLM. Every llm-worker applies the rule on its own, so
 * all of them back off together. An unreadable reading changes nothing: vLLM away is the
 * circuit breaker's business.
 */
public class HoldBack implements Consumer<BackendTelemetry> {

	private static final Logger logger = LoggerFactory.getLogger(HoldBack.class);

	private static final int RECOVERY_STEPS = 8;

	private final ConcurrentRecordDispatcher primary;

	private final int above;

	private final int floor;

	public HoldBack(ConcurrentRecordDispatcher primary, int above, int floor) {
		this.primary = primary;
		this.above = above;
		this.floor = Math.max(1, floor);
	}

	@Override
	public void accept(BackendTelemetry vllm) {
		if (this.above <= 0 || !vllm.reachable() || vllm.requestsWaiting() == null) {
			return;
		}
		int max = this.primary.maxInFlight();
		int limit = this.primary.limit();
		double waiting = vllm.requestsWaiting();
		int next = (waiting > this.above) ? Math.max(Math.min(this.floor, max), limit / 2)
				: Math.min(max, limit + Math.max(1, max / RECOVERY_STEPS));
		if (next == limit) {
			return;
		}
		this.primary.limitTo(next);
		if (next < limit) {
			logger.info("Holding back: vLLM reports {} requests waiting (more than {}); at most {} calls at once "
					+ "(was {})", (long) waiting, this.above, next, limit);
		}
		else {
			logger.info("vLLM reports {} requests waiting: at most {} calls at once again (of {})", (long) waiting,
					next, max);
		}
	}

}
