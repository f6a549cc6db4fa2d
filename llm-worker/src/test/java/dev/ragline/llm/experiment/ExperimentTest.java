package dev.ragline.llm.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.ExperimentSetting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExperimentTest {

	@Test
	void takesTheShareOfQueriesItsModeSaysTheSameForEveryWorker() {
		Experiment shadow = experiment(ExperimentSetting.SHADOW, 0.25, Backends.OLLAMA);
		long taken = IntStream.range(0, 4000)
			.mapToObj((i) -> UUID.randomUUID().toString())
			.filter((id) -> shadow.shadows(id, Backends.VLLM))
			.count();

		assertThat(taken).isBetween(850L, 1150L);
		String id = UUID.randomUUID().toString();
		assertThat(experiment(ExperimentSetting.SHADOW, 0.25, Backends.OLLAMA).shadows(id, Backends.VLLM))
			.isEqualTo(shadow.shadows(id, Backends.VLLM));
		assertThat(shadow.ollamaAsPrimary(id)).as("vLLM answers in this shadow").isEmpty();
		assertThat(shadow.shadows(id, Backends.OLLAMA)).as("only vLLM's answers are shadowed").isFalse();
		assertThat(experiment(ExperimentSetting.SPLIT, 1, Backends.OLLAMA).ollamaAsPrimary(id)).contains("split");
		assertThat(experiment(ExperimentSetting.SPLIT, 1, Backends.OLLAMA).shadows(id, Backends.VLLM)).isFalse();
		assertThat(experiment(ExperimentSetting.OFF, 1, Backends.OLLAMA).shadows(id, Backends.VLLM)).isFalse();
		assertThat(experiment(ExperimentSetting.OFF, 1, Backends.OLLAMA).ollamaAsPrimary(id)).isEmpty();
		assertThat(experiment(ExperimentSetting.SHADOW, 0, Backends.OLLAMA).shadows(id, Backends.VLLM)).isFalse();
	}

	@Test
	void theOtherWayRoundOllamaAnswersTheShareAndVllmIsItsShadow() {
		Experiment reverse = experiment(ExperimentSetting.SHADOW, 1, Backends.VLLM);
		String id = UUID.randomUUID().toString();

		assertThat(reverse.ollamaAsPrimary(id)).contains("shadow");
		assertThat(reverse.shadows(id, Backends.OLLAMA)).isTrue();
		assertThat(reverse.shadows(id, Backends.VLLM)).isFalse();
	}

	@Test
	void aChangeIsPassedOnOnceAndTheSameSettingAgainIsNoChange() {
		List<ExperimentSetting> seen = new ArrayList<>();
		Experiment experiment = new Experiment(ExperimentSetting.off(), seen::add);
		ExperimentSetting shadow = new ExperimentSetting("shadow", 0.2, "ollama", null);

		experiment.set(shadow);
		experiment.set(new ExperimentSetting(" SHADOW ", 0.2, "Ollama", null));

		assertThat(seen).extracting(ExperimentSetting::mode).containsExactly("off", "shadow");
		assertThat(experiment.setting()).isEqualTo(shadow);
	}

	@Test
	void aSettingNamesWhatIsWrongWithIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ExperimentSetting("canary", 0.1, null, null))
			.withMessageStartingWith("mode must be one of [off, shadow, split]");
		assertThatIllegalArgumentException().isThrownBy(() -> new ExperimentSetting("shadow", 1.5, null, null))
			.withMessageStartingWith("share must be between 0 and 1");
		assertThatIllegalArgumentException().isThrownBy(() -> new ExperimentSetting("shadow", Double.NaN, null, null))
			.withMessageStartingWith("share");
		assertThatIllegalArgumentException().isThrownBy(() -> new ExperimentSetting("shadow", 0.5, "openai", null))
			.withMessageStartingWith("shadowBackend must be one of [ollama, vllm]");
	}

	private static Experiment experiment(String mode, double share, String shadowBackend) {
		return new Experiment(new ExperimentSetting(mode, share, shadowBackend, null));
	}

}
