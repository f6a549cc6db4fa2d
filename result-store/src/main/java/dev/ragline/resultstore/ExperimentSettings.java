package dev.ragline.resultstore;

import java.util.Optional;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The experiment every llm-worker follows, one Redis key ({@code ragline:experiment} by
 * default) holding an {@link ExperimentSetting}: set it once and every worker takes it up
 * within its follow interval; remove it and each worker goes back to its own
 * configuration ({@code ragline.experiment.*}).
 */
public class ExperimentSettings {

	private final RedisClusterCommands<String, String> redis;

	private final String key;

	public ExperimentSettings(RedisClusterCommands<String, String> redis, String key) {
		this.redis = redis;
		this.key = key;
	}

	/** The shared setting, or empty when none is set. */
	public Optional<ExperimentSetting> read() {
		String json;
		try {
			json = this.redis.get(this.key);
		}
		catch (RedisException ex) {
			throw unavailable(ex);
		}
		return Optional.ofNullable(json).map((text) -> MessageJson.read(text, ExperimentSetting.class));
	}

	public void write(ExperimentSetting setting) {
		try {
			this.redis.set(this.key, MessageJson.toString(setting));
		}
		catch (RedisException ex) {
			throw unavailable(ex);
		}
	}

	/** Removes the shared setting: every worker goes back to its own configuration. */
	public void clear() {
		try {
			this.redis.del(this.key);
		}
		catch (RedisException ex) {
			throw unavailable(ex);
		}
	}

	private static InfrastructureUnavailableException unavailable(RedisException ex) {
		return new InfrastructureUnavailableException(null, "Redis is unavailable: " + ex.getMessage(), ex);
	}

}
