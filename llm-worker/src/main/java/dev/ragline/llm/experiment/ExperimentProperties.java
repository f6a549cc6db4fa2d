package dev.ragline.llm.experiment;

import java.time.Duration;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.embedding.EmbeddingModel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Comparing the backends on real questions ({@code ragline.experiment.*}). These are this
 * worker's own setting; one set at run time for every worker
 * ({@code PUT /api/experiment}, the console, {@code /actuator/experiment}) overrides them
 * until it is removed.
 *
 * @param mode {@code off}; {@code shadow}: a share of the queries is answered by its
 * primary and also sent to {@code shadow-backend}, the two answers compared;
 * {@code split}: a share of the queries is answered by Ollama instead of vLLM
 * @param share the share of queries shadowed or split off, 0 to 1
 * @param shadowBackend where shadow calls go: {@code ollama} (vLLM answers) or
 * {@code vllm} (Ollama answers the share, vLLM is its shadow)
 * @param shadowMaxInFlight shadow calls one worker runs at once; a shadow that finds no
 * free slot is dropped (shadows go first under load)
 * @param followInterval how often the worker reads the shared setting from Redis
 * @param similarityModel the embedding model the two answers are compared with (loaded on
 * the first shadow comparison); the retriever's default model
 */
@ConfigurationProperties("ragline.experiment")
public record ExperimentProperties(@DefaultValue(ExperimentSetting.OFF) String mode, @DefaultValue("0.1") double share,
		@DefaultValue("ollama") String shadowBackend, @DefaultValue("8") int shadowMaxInFlight,
		@DefaultValue("1s") Duration followInterval, @DefaultValue("bge-small-en-v15") EmbeddingModel similarityModel) {

	/** The setting this worker runs while none is shared. */
	public ExperimentSetting configured() {
		return new ExperimentSetting(this.mode, this.share, this.shadowBackend, null);
	}

}
