package dev.ragline.llm.generation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.WorkerStatus;
import dev.ragline.llm.experiment.Experiment;
import dev.ragline.kafka.concurrent.ConcurrentRecordDispatcher;
import dev.ragline.llm.LlmProperties.Role;
import dev.ragline.resultstore.WorkerStatusReporter.Identity;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * This llm-worker's status: its roles, the calls running in the roles it has (and how
 * many may), vLLM's circuit breaker (for the primary role), the last minute's calls and
 * reroutes, what its backends last said about themselves, and the experiment it runs.
 */
class LlmWorkerStatus implements Function<Identity, WorkerStatus> {

	private final Set<Role> roles;

	private final ConcurrentRecordDispatcher primary;

	private final ConcurrentRecordDispatcher fallback;

	private final CircuitBreaker vllmBreaker;

	private final LastMinute lastMinute;

	private final Supplier<Map<String, BackendTelemetry>> backends;

	private final Experiment experiment;

	private final Clock clock;

	LlmWorkerStatus(Set<Role> roles, ConcurrentRecordDispatcher primary, ConcurrentRecordDispatcher fallback,
			CircuitBreaker vllmBreaker, LastMinute lastMinute, Supplier<Map<String, BackendTelemetry>> backends,
			Experiment experiment, Clock clock) {
		this.roles = roles;
		this.primary = primary;
		this.fallback = fallback;
		this.vllmBreaker = vllmBreaker;
		this.lastMinute = lastMinute;
		this.backends = backends;
		this.experiment = experiment;
		this.clock = clock;
	}

	@Override
	public WorkerStatus apply(Identity identity) {
		List<String> names = new ArrayList<>();
		int inFlight = 0;
		int maxInFlight = 0;
		Map<String, String> breakers = new TreeMap<>();
		if (this.roles.contains(Role.PRIMARY)) {
			names.add("primary");
			inFlight += this.primary.running();
			maxInFlight += this.primary.limit();
			breakers.put(Backends.VLLM, this.vllmBreaker.getState().name());
		}
		if (this.roles.contains(Role.FALLBACK)) {
			names.add("fallback");
			inFlight += this.fallback.running();
			maxInFlight += this.fallback.limit();
		}
		return new WorkerStatus(WorkerStatus.LLM_WORKER, String.join("+", names), identity.instance(),
				identity.startedAt(), this.clock.instant(), inFlight, maxInFlight, breakers, this.lastMinute.calls(),
				this.lastMinute.reroutes(), null, null, this.backends.get(),
				this.roles.contains(Role.PRIMARY) ? this.experiment.setting() : null);
	}

}
