package dev.ragline.llm.experiment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Comparing the backends on real questions ({@code ragline.experiment.*}); the mode and
 * share can also be changed at run time ({@code /actuator/experiment}).
 *
 * @param mode {@code off}, or {@code shadow}: a share of the queries vLLM answered is
 * also sent to Ollama, and the two answers are compared
 * @param share the share of queries shadowed or split off, 0 to 1
 * @param shadowMaxInFlight shadow calls one worker runs at once; a shadow that finds no
 * free slot is dropped (shadows go first under load)
 */
@ConfigurationProperties("ragline.experiment")
public record ExperimentProperties(@DefaultValue("off") Experiment.Mode mode, @DefaultValue("0.1") double share,
		@DefaultValue("8") int shadowMaxInFlight) {

}
