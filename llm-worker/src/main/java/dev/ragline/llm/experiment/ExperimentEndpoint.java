package dev.ragline.llm.experiment;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * {@code GET /actuator/experiment} shows this worker's experiment, {@code POST} with
 * {@code {"mode":"shadow","share":0.2}} (or {@code split}, or {@code off}) changes it at
 * once (for this process: each llm-worker has its own; set it on each, or use
 * {@code ragline.experiment.*} at start).
 */
@Endpoint(id = "experiment")
public class ExperimentEndpoint {

	private final Experiment experiment;

	public ExperimentEndpoint(Experiment experiment) {
		this.experiment = experiment;
	}

	@ReadOperation
	public Map<String, Object> experiment() {
		return Map.of("mode", this.experiment.mode().name().toLowerCase(Locale.ROOT), "share", this.experiment.share());
	}

	@WriteOperation
	public Map<String, Object> change(String mode, @Nullable Double share) {
		Experiment.Mode next = Experiment.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
		this.experiment.set(next, (share != null) ? share : this.experiment.share());
		return experiment();
	}

}
