package dev.ragline.llm.telemetry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reading the backends' own telemetry ({@code ragline.backends.*}).
 *
 * @param telemetryInterval how often each llm-worker reads vLLM's {@code /metrics} and
 * Ollama's {@code /api/ps}; {@code 0s} reads nothing
 * @param holdBackAbove vLLM's waiting queue above which the llm-worker runs fewer calls
 * at once ({@link HoldBack}); {@code 0} never holds back
 * @param holdBackFloor the fewest calls at once a held-back llm-worker still runs
 */
@ConfigurationProperties("ragline.backends")
public record BackendsProperties(@DefaultValue("5s") Duration telemetryInterval, @DefaultValue("16") int holdBackAbove,
		@DefaultValue("4") int holdBackFloor) {

}
