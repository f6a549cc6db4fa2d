package dev.ragline.llm;

import java.time.Duration;
import java.util.Set;

import dev.ragline.contracts.QueryMessage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the LLM worker ({@code ragline.llm.*}).
 *
 * @param roles which topics this process answers: {@code primary} (vLLM, from
 * {@code ragline.retrieved}), {@code fallback} (Ollama, from
 * {@code ragline.retrieved.fallback}) or both
 * @param groupId Kafka consumer group of the primary role; the fallback role uses
 * {@code <groupId>-fallback}
 * @param maxInFlight backend calls one process keeps running at once, per role, across
 * all its partitions
 * @param handOffTimeout when this process gives partitions up (another process joined, or
 * this one stops), how long their running calls may finish before the offsets are
 * committed and the partitions released (what does not finish is answered again by the
 * next owner); keep it well below the Kafka consumer's close timeout (30 s, capped by
 * {@code request.timeout.ms}): the hand-off runs inside the consumer's close, and what is
 * left of that timeout is what the consumer has to leave the group
 * @param maxTokens most tokens an answer may have when the query does not say
 * @param temperature sampling temperature when the query does not say
 * @param partialAnswerInterval how often a streamed answer is written to the result
 * document while it grows
 * @param publishTimeout how long to wait for the broker to acknowledge a rerouted query
 * before trying again
 */
@ConfigurationProperties("ragline.llm")
public record LlmProperties(@DefaultValue("primary") Set<Role> roles, @DefaultValue("ragline-llm") String groupId,
		@DefaultValue("64") int maxInFlight, @DefaultValue("20s") Duration handOffTimeout,
		@DefaultValue("512") int maxTokens, @DefaultValue("0.2") double temperature,
		@DefaultValue("100ms") Duration partialAnswerInterval, @DefaultValue("30s") Duration publishTimeout) {

	/** What a process of the LLM worker does. */
	public enum Role {

		/** Answer with vLLM; reroute failures to the fallback topic. */
		PRIMARY,

		/** Answer rerouted queries with Ollama. */
		FALLBACK

	}

	public String fallbackGroupId() {
		return this.groupId + "-fallback";
	}

	/** The query's own limit, else the default. */
	public int maxTokensFor(QueryMessage query) {
		return (query.maxTokens() != null) ? query.maxTokens() : this.maxTokens;
	}

	/** The query's own temperature, else the default. */
	public double temperatureFor(QueryMessage query) {
		return (query.temperature() != null) ? query.temperature() : this.temperature;
	}

}
