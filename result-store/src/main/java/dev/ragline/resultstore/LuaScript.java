package dev.ragline.resultstore;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A Lua script run inside Redis by its digest ({@code EVALSHA}), sent in full
 * ({@code EVAL}) only when Redis does not know it yet or lost its script cache.
 */
final class LuaScript {

	private final String source;

	private final String sha;

	private final ScriptOutputType output;

	LuaScript(RedisClusterCommands<String, String> redis, String source, ScriptOutputType output) {
		this.source = source;
		this.sha = redis.digest(source);
		this.output = output;
	}

	<T> T run(RedisClusterCommands<String, String> redis, String[] keys, String... args) {
		try {
			return redis.evalsha(this.sha, this.output, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return redis.eval(this.source, this.output, keys, args);
		}
	}

}
