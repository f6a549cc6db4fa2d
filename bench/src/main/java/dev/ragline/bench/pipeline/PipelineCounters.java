package dev.ragline.bench.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import dev.ragline.resultstore.RedisConnections;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * What the pipeline did, counted where it happened: commands redis-server ran (by name,
 * from {@code INFO commandstats}), its network bytes and memory ({@code INFO stats},
 * {@code INFO memory}), and records and bytes the broker holds (end offsets and log sizes
 * of every topic, the consumer-offset commits included).
 */
final class PipelineCounters {

	static final String OFFSET_COMMITS = "__consumer_offsets";

	private final RedisConnections redis;

	private final Admin admin;

	/**
	 * @param admin the broker's admin client, or {@code null} for a pipeline without
	 * Kafka (then no records and bytes of topics are counted)
	 */
	PipelineCounters(RedisConnections redis, Admin admin) {
		this.redis = redis;
		this.admin = admin;
	}

	/** {@code INFO} fields read for bytes: network in and out, memory in use. */
	static final List<String> REDIS_BYTES = List.of("total_net_input_bytes", "total_net_output_bytes", "used_memory");

	record Reading(Map<String, Long> redisCommands, Map<String, Long> kafkaRecords, Map<String, Long> redisBytes,
			Map<String, Long> kafkaBytes) {

		Map<String, Long> redisSince(Reading earlier) {
			return difference(this.redisCommands, earlier.redisCommands);
		}

		Map<String, Long> kafkaSince(Reading earlier) {
			return difference(this.kafkaRecords, earlier.kafkaRecords);
		}

		/** Redis's {@link #REDIS_BYTES} grown since {@code earlier}. */
		Map<String, Long> redisBytesSince(Reading earlier) {
			return difference(this.redisBytes, earlier.redisBytes);
		}

		/**
		 * Bytes each topic's log grew by (record batches as stored, headers included).
		 */
		Map<String, Long> kafkaBytesSince(Reading earlier) {
			return difference(this.kafkaBytes, earlier.kafkaBytes);
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
		return new Reading(redisCommands(), kafkaRecords(), redisBytes(), kafkaBytes());
	}

	private Map<String, Long> redisBytes() {
		Map<String, Long> bytes = new HashMap<>();
		String info = info("stats") + "\n" + info("memory");
		for (String line : info.split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && REDIS_BYTES.contains(line.substring(0, colon))) {
				bytes.merge(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).strip()), Long::sum);
			}
		}
		return bytes;
	}

	/** Bytes per topic: the sum of its partitions' log sizes on every broker. */
	private Map<String, Long> kafkaBytes() throws ExecutionException, InterruptedException {
		if (this.admin == null) {
			return Map.of();
		}
		List<Integer> brokers = this.admin.describeCluster().nodes().get().stream().map(Node::id).toList();
		Map<String, Long> bytes = new HashMap<>();
		this.admin.describeLogDirs(brokers)
			.allDescriptions()
			.get()
			.values()
			.forEach((dirs) -> dirs.values()
				.forEach((dir) -> dir.replicaInfos()
					.forEach((partition, replica) -> bytes.merge(partition.topic(), replica.size(), Long::sum))));
		return bytes;
	}

	/** An {@code INFO} section of every master, one after the other. */
	private String info(String section) {
		return this.redis.masters().stream().map((master) -> master.info(section)).collect(Collectors.joining("\n"));
	}

	/** Calls per command; a script's own calls are counted under their names too. */
	private Map<String, Long> redisCommands() {
		Map<String, Long> calls = new HashMap<>();
		for (String line : info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String stats = line.substring(line.indexOf(':') + 1);
				for (String field : stats.split(",")) {
					if (field.startsWith("calls=")) {
						calls.merge(name, Long.parseLong(field.substring("calls=".length())), Long::sum);
					}
				}
			}
		}
		return calls;
	}

	/** Records per topic: the sum of its partitions' end offsets. */
	private Map<String, Long> kafkaRecords() throws ExecutionException, InterruptedException {
		if (this.admin == null) {
			return Map.of();
		}
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
