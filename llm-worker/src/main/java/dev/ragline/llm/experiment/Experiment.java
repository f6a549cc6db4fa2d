package dev.ragline.llm.experiment;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.ExperimentSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment this worker runs now ({@link ExperimentSetting}), changeable while it
 * runs: a query is taken when its id falls in the first {@code share} of the id space (a
 * hash of the id, so every worker and every redelivery decides the same).
 */
public class Experiment {

	private static final Logger logger = LoggerFactory.getLogger(Experiment.class);

	private final Consumer<ExperimentSetting> onChange;

	private volatile ExperimentSetting setting;

	public Experiment(ExperimentSetting setting) {
		this(setting, (changed) -> {
		});
	}

	/**
	 * @param onChange told of the first setting and of every change (e.g. to load what a
	 * mode needs before its first query)
	 */
	public Experiment(ExperimentSetting setting, Consumer<ExperimentSetting> onChange) {
		this.setting = Objects.requireNonNull(setting, "setting");
		this.onChange = onChange;
		onChange.accept(setting);
	}

	public ExperimentSetting setting() {
		return this.setting;
	}

	/** Runs {@code next} from now on; a change is logged. */
	public synchronized void set(ExperimentSetting next) {
		ExperimentSetting previous = this.setting;
		this.setting = Objects.requireNonNull(next, "setting");
		if (!sameExperiment(previous, next)) {
			logger.info("Experiment now {}", describe(next));
			this.onChange.accept(next);
		}
	}

	/**
	 * The experiment under which Ollama answers the query {@code queryId} as its primary:
	 * {@code split}, or {@code shadow} with vLLM as the shadow; empty when vLLM answers
	 * it.
	 */
	public Optional<String> ollamaAsPrimary(String queryId) {
		ExperimentSetting now = this.setting;
		boolean ollama = ExperimentSetting.SPLIT.equals(now.mode())
				|| (ExperimentSetting.SHADOW.equals(now.mode()) && Backends.OLLAMA.equals(now.shadowPrimary()));
		return (ollama && takes(now, queryId)) ? Optional.of(now.mode()) : Optional.empty();
	}

	/**
	 * Whether the query {@code queryId}, answered by {@code primary}, gets a shadow call
	 * to the other backend.
	 */
	public boolean shadows(String queryId, String primary) {
		ExperimentSetting now = this.setting;
		return ExperimentSetting.SHADOW.equals(now.mode()) && now.shadowPrimary().equals(primary)
				&& takes(now, queryId);
	}

	static String describe(ExperimentSetting setting) {
		return switch (setting.mode()) {
			case ExperimentSetting.SHADOW -> String.format("shadow: %.0f%% of the queries %s answers also go to %s",
					setting.share() * 100, setting.shadowPrimary(), setting.shadowBackend());
			case ExperimentSetting.SPLIT ->
				String.format("split: %.0f%% of the queries are answered by Ollama", setting.share() * 100);
			default -> "off";
		};
	}

	private static boolean sameExperiment(ExperimentSetting a, ExperimentSetting b) {
		return a.mode().equals(b.mode()) && a.share() == b.share() && a.shadowBackend().equals(b.shadowBackend());
	}

	private static boolean takes(ExperimentSetting setting, String queryId) {
		return !ExperimentSetting.OFF.equals(setting.mode()) && fraction(queryId) < setting.share();
	}

	/** Where {@code queryId} falls in [0, 1). */
	static double fraction(String queryId) {
		CRC32 crc = new CRC32();
		crc.update(queryId.getBytes(StandardCharsets.UTF_8));
		return crc.getValue() / (double) (1L << 32);
	}

}
