package dev.ragline.resultstore;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.ragline.contracts.QueryStatus;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Moves a stored document to a later status in one round trip: the Lua script reads it,
 * checks the move (never backwards, never from a final status), and rewrites exactly what
 * {@code QueryResult.Builder#status} would (the status, its timestamp, the version and
 * {@code updatedAt}) in the stored JSON text, then writes and publishes it, as the
 * compare-and-set does. The keys it edits appear once, unescaped, at the top level of
 * every document: a string value escapes its quotes, so none can imitate them.
 */
final class StatusAdvance {

	/** The script found no document, or one it cannot read: take the general path. */
	static final long NOT_HANDLED = 0;

	static final long UNCHANGED = 1;

	static final long REFUSED = 2;

	static final long APPLIED = 3;

	private static final String SCRIPT = """
			local doc = redis.call('GET', KEYS[1])
			if not doc then return {0} end
			local ranks = {%s}
			local current = string.match(doc, '"status":"(%%u+)"')
			local from = ranks[current]
			local to = ranks[ARGV[1]]
			if from == nil or to == nil then return {0} end
			if current == ARGV[1] then return {1, doc} end
			if to < from or from == %d then return {2, doc} end
			local version = tonumber(string.match(doc, '"version":(%%d+)'))
			local open, openEnd = string.find(doc, '"timestamps":{', 1, true)
			if version == nil or open == nil then return {0} end
			local s, e = string.find(doc, '"status":"' .. current .. '"', 1, true)
			doc = string.sub(doc, 1, s - 1) .. '"status":"' .. ARGV[1] .. '"' .. string.sub(doc, e + 1)
			open, openEnd = string.find(doc, '"timestamps":{', 1, true)
			local close = string.find(doc, '}', openEnd + 1, true)
			local stamps = string.sub(doc, openEnd + 1, close - 1)
			if not string.find(stamps, '"' .. ARGV[1] .. '":', 1, true) then
			  local entry = '"' .. ARGV[1] .. '":"' .. ARGV[2] .. '"'
			  if close == openEnd + 1 then
			    doc = string.sub(doc, 1, openEnd) .. entry .. string.sub(doc, close)
			  else
			    doc = string.sub(doc, 1, close - 1) .. ',' .. entry .. string.sub(doc, close)
			  end
			end
			doc = string.gsub(doc, '"version":%%d+', '"version":' .. (version + 1), 1)
			local stamped
			doc, stamped = string.gsub(doc, '"updatedAt":"[^"]*"', '"updatedAt":"' .. ARGV[2] .. '"', 1)
			if stamped == 0 then
			  doc = string.gsub(doc, '"updatedAt":null', '"updatedAt":"' .. ARGV[2] .. '"', 1)
			end
			redis.call('SET', KEYS[1], doc, 'PX', ARGV[3])
			redis.call('PUBLISH', KEYS[1], doc)
			return {3, doc}
			""".formatted(ranks(), finalRank());

	private final LuaScript script;

	StatusAdvance(RedisClusterCommands<String, String> redis) {
		this.script = new LuaScript(redis, SCRIPT, ScriptOutputType.MULTI);
	}

	/**
	 * The script's verdict and the document as it now stands (absent when
	 * {@link #NOT_HANDLED}).
	 */
	record Outcome(long verdict, String json) {

	}

	Outcome run(RedisClusterCommands<String, String> redis, String key, QueryStatus status, Instant now,
			long ttlMillis) {
		List<Object> result = this.script.run(redis, new String[] { key }, status.name(), now.toString(),
				Long.toString(ttlMillis));
		long verdict = (Long) result.get(0);
		return new Outcome(verdict, (result.size() > 1) ? (String) result.get(1) : null);
	}

	/** {@code QUEUED=0,RETRIEVING=1,...}: the statuses' ranks, as a Lua table body. */
	private static String ranks() {
		return Stream.of(QueryStatus.values())
			.map((status) -> status.name() + "=" + status.rank())
			.collect(Collectors.joining(","));
	}

	private static int finalRank() {
		return QueryStatus.DONE.rank();
	}

}
