package dev.ragline.llm.experiment;

import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExperimentTest {

	@Test
	void takesTheShareOfQueriesItsModeSaysTheSameForEveryWorker() {
		Experiment shadow = new Experiment(Experiment.Mode.SHADOW, 0.25);
		long taken = IntStream.range(0, 4000)
			.mapToObj((i) -> UUID.randomUUID().toString())
			.filter(shadow::shadows)
			.count();

		assertThat(taken).isBetween(850L, 1150L);
		String id = UUID.randomUUID().toString();
		assertThat(new Experiment(Experiment.Mode.SHADOW, 0.25).shadows(id)).isEqualTo(shadow.shadows(id));
		assertThat(shadow.splits(id)).as("one mode at a time").isFalse();
		assertThat(new Experiment(Experiment.Mode.SPLIT, 1).splits(id)).isTrue();
		assertThat(new Experiment(Experiment.Mode.OFF, 1).shadows(id)).isFalse();
		assertThat(new Experiment(Experiment.Mode.SHADOW, 0).shadows(id)).isFalse();
	}

	@Test
	void theEndpointShowsAndChangesTheExperimentAtOnce() {
		Experiment experiment = new Experiment(Experiment.Mode.OFF, 0.1);
		ExperimentEndpoint endpoint = new ExperimentEndpoint(experiment);

		assertThat(endpoint.change("shadow", 0.3)).containsEntry("mode", "shadow").containsEntry("share", 0.3);
		assertThat(endpoint.change(" SPLIT ", null)).containsEntry("mode", "split").containsEntry("share", 0.3);
		assertThat(endpoint.change("off", 7.0)).containsEntry("share", 1.0);
		assertThat(experiment.mode()).isEqualTo(Experiment.Mode.OFF);
		assertThatIllegalArgumentException().isThrownBy(() -> endpoint.change("canary", null));
	}

}
