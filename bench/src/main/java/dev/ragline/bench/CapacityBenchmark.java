package dev.ragline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.Topics;
import dev.ragline.retriever.query.SampleQuestions;
import dev.ragline.testsupport.ChildJvm;
import dev.ragline.testsupport.FakeVllm;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code ./ragline bench capacity}: how many queries a second one worker process works
 * off, with its backlog spread over every partition and with all of it in one partition,
 * for the capacity model (docs/scaling.md). Each worker runs as {@code ./ragline run}
 * against {@code ./ragline infra}; a backlog is published straight to its topic, and the
 * rate is the backlog over the time until its consumer group's lag is back at zero (what
 * KEDA scales on). A warm-up backlog comes first, so the figures are a warm JVM's.
 */
final class CapacityBenchmark {

	private static final String RETRIEVER_GROUP = "ragline-retriever";

	private static final String LLM_GROUP = "ragline-llm";

	private static final Duration POLL = Duration.ofMillis(50);

	/** A backlog over every partition. */
	private static final int ANY = -1;

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

	record Options(String mode, int queries, int warmUpQueries, int retrieverConcurrency) {

		static Options parse(String[] args) {
			Map<String, String> given = BenchArguments.parse(args,
					Set.of("mode", "queries", "warm-up-queries", "retriever-concurrency"));
			return new Options(given.getOrDefault("mode", "bm25"), BenchArguments.integer(given, "queries", 3000),
					BenchArguments.integer(given, "warm-up-queries", 3000),
					BenchArguments.integer(given, "retriever-concurrency", 2));
		}

	}

	/** One backlog worked off: queries over seconds. */
	record Drain(int queries, double seconds) {

		double perSecond() {
			return this.queries / this.seconds;
		}

		@Override
		public String toString() {
			return String.format("%.0f q/s (%d in %.1f s)", perSecond(), this.queries, this.seconds);
		}

	}

	private CapacityBenchmark() {
	}

	static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		System.out.printf(
				"ragline capacity benchmark: one worker process at a time (%d cores) against ./ragline infra, "
						+ "a backlog of %d queries after %d to warm up; retrieval %s, the retriever's concurrency %d, "
						+ "a fake vLLM answering at once%n",
				Runtime.getRuntime().availableProcessors(), options.queries(), options.warmUpQueries(), options.mode(),
				options.retrieverConcurrency());
		try (LauncherProcesses processes = LauncherProcesses.create();
				FakeVllm vllm = FakeVllm.start("served-model").withoutRecording()) {
			LauncherProcesses.Infra infra = processes.infra("--ports=auto");
			List<String> connection = List.of("--kafka-bootstrap=" + infra.bootstrapServers(),
					"--redis-url=" + LauncherProcesses.redisUrl(infra), "--server.port=0");
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
					KafkaProducer<String, byte[]> producer = producer(infra.bootstrapServers())) {
				List<String[]> rows = new ArrayList<>();

				List<String> retriever = new ArrayList<>(List.of("retriever-worker"));
				retriever.addAll(connection);
				retriever.addAll(List.of("--ragline.retriever.mode=" + options.mode(),
						"--ragline.retriever.concurrency=" + options.retrieverConcurrency()));
				ChildJvm retrieverProcess = processes.run("retriever-worker", retriever);
				retrieverProcess.awaitOutput("serving queries", LauncherProcesses.START);
				retrieverProcess.awaitOutput(LauncherProcesses.RUNNING, LauncherProcesses.START);
				int partitions = partitions(admin, Topics.QUERIES);
				Backlog queries = (count, partition) -> publishQueries(producer, count, partition, partitions);
				drain(admin, RETRIEVER_GROUP, Topics.QUERIES, queries, options.warmUpQueries(), ANY);
				Drain spread = drain(admin, RETRIEVER_GROUP, Topics.QUERIES, queries, options.queries(), ANY);
				Drain onePartition = drain(admin, RETRIEVER_GROUP, Topics.QUERIES, queries, options.queries(), 0);
				rows.add(new String[] {
						"retriever-worker (" + options.mode() + ", concurrency " + options.retrieverConcurrency() + ")",
						spread.toString(), onePartition.toString() });
				retrieverProcess.terminate();
				retrieverProcess.awaitExit(LauncherProcesses.START);

				List<String> llm = new ArrayList<>(List.of("llm-worker"));
				llm.addAll(connection);
				llm.addAll(LauncherProcesses.vllmSettings(vllm, "served-model"));
				ChildJvm llmProcess = processes.run("llm-worker", llm);
				llmProcess.awaitOutput(LauncherProcesses.RUNNING, LauncherProcesses.START);
				try (RetrievedLoad retrieved = new RetrievedLoad(infra.bootstrapServers())) {
					int retrievedPartitions = partitions(admin, Topics.RETRIEVED);
					Backlog enriched = (count, partition) -> retrieved.publish(count,
							() -> idIn(partition, retrievedPartitions));
					drain(admin, LLM_GROUP, Topics.RETRIEVED, enriched, options.warmUpQueries(), ANY);
					Drain llmSpread = drain(admin, LLM_GROUP, Topics.RETRIEVED, enriched, options.queries(), ANY);
					Drain llmOne = drain(admin, LLM_GROUP, Topics.RETRIEVED, enriched, options.queries(), 0);
					rows.add(new String[] { "llm-worker (vLLM answering at once, max-in-flight 64)",
							llmSpread.toString(), llmOne.toString() });
				}
				llmProcess.terminate();
				llmProcess.awaitExit(LauncherProcesses.START);
				Table.print(new String[] { "worker (one process)", "backlog over every partition",
						"backlog in one partition" }, rows);
				System.out.println("Logs of the processes: " + processes.home());
			}
		}
	}

	/**
	 * Publishes a backlog of {@code count} records, each keyed by its query's id (as the
	 * contract asks), all in partition {@code partition} when it is not negative.
	 */
	@FunctionalInterface
	interface Backlog {

		void publish(int count, int partition);

	}

	/** A fresh query id whose record lands in {@code partition} (any when negative). */
	static String idIn(int partition, int partitions) {
		while (true) {
			String id = UUID.randomUUID().toString();
			if (partition < 0
					|| Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == partition) {
				return id;
			}
		}
	}

	private static Drain drain(Admin admin, String group, String topic, Backlog backlog, int count, int partition)
			throws Exception {
		long start = System.nanoTime();
		backlog.publish(count, partition);
		long deadline = start + DRAIN_TIMEOUT.toNanos();
		while (lag(admin, group, topic) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						group + " did not work off " + count + " records within " + DRAIN_TIMEOUT);
			}
			Thread.sleep(POLL.toMillis());
		}
		return new Drain(count, (System.nanoTime() - start) / 1e9);
	}

	private static int partitions(Admin admin, String topic) throws Exception {
		return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
	}

	/** Records in {@code topic} that {@code group} has not committed yet. */
	private static long lag(Admin admin, String group, String topic) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get()
			.get(topic)
			.partitions()
			.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
		long lag = 0;
		for (var end : admin.listOffsets(latest).all().get().entrySet()) {
			OffsetAndMetadata offset = committed.get(end.getKey());
			lag += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
		}
		return lag;
	}

	private static void publishQueries(KafkaProducer<String, byte[]> producer, int count, int partition,
			int partitions) {
		for (int i = 0; i < count; i++) {
			String id = idIn(partition, partitions);
			String question = SampleQuestions.numbered(i, "capacity " + id.substring(0, 8));
			producer.send(new ProducerRecord<>(Topics.QUERIES, id, MessageJson.toBytes(QueryMessage.of(id, question))));
		}
		producer.flush();
	}

	private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 5),
				new StringSerializer(), new ByteArraySerializer());
	}

}
