package dev.ragline.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.contracts.Topics;
import dev.ragline.resultstore.RedisConnections;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.resultstore.ResultStoreProperties;
import dev.ragline.retriever.query.SampleQuestions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The first queries a retriever answers once it is ready: published to the queries topic
 * at a steady rate, and timed from the moment the retriever took each one (its result
 * document's {@code RETRIEVING}) to the moment it had the passages (the enriched record's
 * {@code retrievedAt}). That leaves out the wait for the consumer group to hand the
 * replica its partitions, so what is left is what a warm-up is for: how fast the replica
 * searches when its first real queries come.
 */
final class FirstQueries implements AutoCloseable {

	private static final Duration DONE_WITHIN = Duration.ofSeconds(60);

	private final KafkaProducer<String, byte[]> producer;

	private final RedisConnections redis;

	private final ResultStore results;

	private final KafkaConsumer<String, byte[]> retrieved;

	private int round;

	FirstQueries(String bootstrapServers, String redisUrl) {
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
				new StringSerializer(), new ByteArraySerializer());
		this.redis = RedisConnections.open(redisUrl, Duration.ofSeconds(5));
		this.results = new ResultStore(this.redis.commands(), ResultStoreProperties.DEFAULT_KEY_PREFIX,
				Duration.ofHours(1), Clock.systemUTC());
		this.retrieved = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = this.retrieved.partitionsFor(Topics.RETRIEVED, DONE_WITHIN)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		this.retrieved.assign(partitions);
		this.retrieved.seekToEnd(partitions);
		// the end as of now, not as of the first poll
		partitions.forEach(this.retrieved::position);
	}

	/**
	 * Publishes {@code count} new questions, {@code perSecond} a second, and waits until
	 * the retriever has taken each.
	 * @return each one's retrieval time in milliseconds, in the order they were sent
	 */
	List<Double> retrievalMillis(int count, int perSecond) throws InterruptedException {
		this.round++;
		List<String> ids = new ArrayList<>();
		long interval = 1_000_000_000L / perSecond;
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			String id = UUID.randomUUID().toString();
			String question = SampleQuestions.numbered(i, "restart " + this.round);
			this.producer
				.send(new ProducerRecord<>(Topics.QUERIES, id, MessageJson.toBytes(QueryMessage.of(id, question))));
			ids.add(id);
		}
		this.producer.flush();
		Map<String, Instant> retrievedAt = retrievedAt(ids);
		List<Double> millis = new ArrayList<>();
		for (String id : ids) {
			Instant took = this.results.find(id)
				.map((result) -> result.timestamps().get(QueryStatus.RETRIEVING))
				.orElseThrow(() -> new IllegalStateException("No RETRIEVING time for query " + id));
			millis.add(Duration.between(took, retrievedAt.get(id)).toNanos() / 1e6);
		}
		return millis;
	}

	/**
	 * When the retriever had the passages of each of {@code ids}, from its enriched
	 * records.
	 */
	private Map<String, Instant> retrievedAt(List<String> ids) {
		Set<String> waiting = new HashSet<>(ids);
		Map<String, Instant> retrievedAt = new HashMap<>();
		long deadline = System.nanoTime() + DONE_WITHIN.toNanos();
		while (!waiting.isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"The retriever did not retrieve " + waiting.size() + " of the queries within " + DONE_WITHIN);
			}
			for (ConsumerRecord<String, byte[]> record : this.retrieved.poll(Duration.ofMillis(100))) {
				if (waiting.remove(record.key())) {
					retrievedAt.put(record.key(), MessageJson.read(record.value(), RetrievedQuery.class).retrievedAt());
				}
			}
		}
		return retrievedAt;
	}

	@Override
	public void close() {
		this.producer.close();
		this.retrieved.close();
		this.redis.close();
	}

}
