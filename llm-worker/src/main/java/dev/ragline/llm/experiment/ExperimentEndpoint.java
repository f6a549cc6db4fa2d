package dev.ragline.llm.experiment;

import java.time.Clock;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.resultstore.ExperimentSettings;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * {@code GET /actuator/experiment} shows the experiment this worker runs; {@code POST}
 * with {@code {"mode":"shadow","share":0.2}} (or {@code split}, or {@code off};
 * {@code "shadowBackend":"vllm"} for the other way round) sets it for every llm-worker at
 * once (shared in Redis, taken up within a second); {@code DELETE} removes the shared
 * setting, so each worker goes back to its configuration.
 */
@Endpoint(id = "experiment")
public class ExperimentEndpoint {

	private final Experiment experiment;

	private final ExperimentFollower follower;

	private final ExperimentSettings shared;

	private final Clock clock;

	public ExperimentEndpoint(Experiment experiment, ExperimentFollower follower, ExperimentSettings shared,
			Clock clock) {
		this.experiment = experiment;
		this.follower = follower;
		this.shared = shared;
		this.clock = clock;
	}

	@ReadOperation
	public ExperimentSetting experiment() {
		return this.experiment.setting();
	}

	/**
	 * @throws InvalidEndpointRequestException (HTTP 400) for an unknown mode or shadow
	 * backend, or a share outside 0 to 1
	 */
	@WriteOperation
	public ExperimentSetting change(String mode, @Nullable Double share, @Nullable String shadowBackend) {
		ExperimentSetting now = this.experiment.setting();
		ExperimentSetting next;
		try {
			next = new ExperimentSetting(mode, (share != null) ? share : now.share(),
					(shadowBackend != null) ? shadowBackend : now.shadowBackend(), this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		this.shared.write(next);
		this.follower.follow();
		return this.experiment.setting();
	}

	@DeleteOperation
	public ExperimentSetting reset() {
		this.shared.clear();
		this.follower.follow();
		return this.experiment.setting();
	}

}
