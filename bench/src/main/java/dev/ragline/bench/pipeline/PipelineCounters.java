package dev.ragline.bench.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import io.lettuce.core.api.sync.RedisCommands;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the pipeline did, counted where it happened: commands redis-server ran (by name,
 * from {@code INFO commandstats}) and records the broker holds (end offsets of every
 * topic, the consumer-offset commits included).
 */
final class PipelineCounters {

	static final String OFFSET_COMMITS = "__consumer_offsets";

	private final RedisCommands<String, String> redis;

	private final Admin admin;

	PipelineCounters(RedisCommands<String, String> redis, Admin admin) {
		this.redis = redis;
		this.admin = admin;
	}

	record Reading(Map<String, Long> redisCommands, Map<String, Long> kafkaRecords) {

		Map<String, Long> redisSince(Reading earlier) {
			return difference(this.redisCommands, earlier.redisCommands);
		}

		Map<String, Long> kafkaSince(Reading earlier) {
			return difference(this.kafkaRecords, earlier.kafkaRecords);
		}

		private static Map<String, Long> difference(Map<String, Long> now, Map<String, Long> then) {
			Map<String, Long> result = new HashMap<>();
			now.forEach((name, count) -> {
				long delta = count - then.getOrDefault(name, 0L);
				if (delta > 0) {
					result.put(name, delta);
				}
			});
			return result;
		}

	}

	Reading read() throws ExecutionException, InterruptedException {
		return new Reading(redisCommands(), kafkaRecords());
	}

	/** Calls per command; a script's own calls are counted under their names too. */
	private Map<String, Long> redisCommands() {
		Map<String, Long> calls = new HashMap<>();
		for (String line : this.redis.info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String stats = line.substring(line.indexOf(':') + 1);
				for (String field : stats.split(",")) {
					if (field.startsWith("calls=")) {
						calls.put(name, Long.parseLong(field.substring("calls=".length())));
					}
				}
			}
		}
		return calls;
	}

	/** Records per topic: the sum of its partitions' end offsets. */
	private Map<String, Long> kafkaRecords() throws ExecutionException, InterruptedException {
		Set<String> topics = this.admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		this.admin.describeTopics(topics)
			.allTopicNames()
			.get()
			.forEach((name, description) -> description.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(name, partition.partition()),
						OffsetSpec.latest())));
		return this.admin.listOffsets(latest)
			.all()
			.get()
			.entrySet()
			.stream()
			.collect(Collectors.groupingBy((entry) -> entry.getKey().topic(),
					Collectors.summingLong((entry) -> entry.getValue().offset())));
	}

}
