package dev.ragline.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/**
 * Plain Kafka clients for tests, as an outside program would use them: publish raw bytes,
 * and read a topic from the beginning until the expected records are there.
 */
public final class TopicReader implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(100);

	private static final String MARKER = "marker-";

	private final String topic;

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

	private TopicReader(String topic) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.of(topic));
		this.topic = topic;
	}

	/** A reader of {@code topic} from its first record. */
	public static TopicReader of(String topic) {
		return new TopicReader(topic);
	}

	/** Waits until a record matching {@code matcher} has been read, and returns it. */
	public ConsumerRecord<String, byte[]> awaitRecord(Duration timeout,
			Predicate<ConsumerRecord<String, byte[]>> matcher) {
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> {
			pollOnce();
			this.seen.stream().filter(matcher).findFirst().ifPresent(found::add);
			return !found.isEmpty();
		});
		return found.get(0);
	}

	/** Waits for a record with {@code key}. */
	public ConsumerRecord<String, byte[]> awaitKey(String key, Duration timeout) {
		return awaitRecord(timeout, (record) -> key.equals(record.key()));
	}

	/**
	 * Every record the topic got before this call. A marker is published to each of its
	 * partitions, after whatever the action under test published, and the topic is read
	 * until every marker came back, so an assertion that something was <em>not</em>
	 * published can fail: a record published before the markers is in the list. The
	 * markers (null values, keys {@code marker-*}) are not in it.
	 */
	public List<ConsumerRecord<String, byte[]>> recordsBeforeMarkers(Duration timeout) {
		Set<String> markers = new HashSet<>();
		for (PartitionInfo partition : this.consumer.partitionsFor(this.topic, timeout)) {
			String marker = MARKER + UUID.randomUUID();
			markers.add(marker);
			publish(this.topic, partition.partition(), marker, (byte[]) null);
		}
		await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> {
			pollOnce();
			return this.seen.stream().map(ConsumerRecord::key).filter(markers::contains).count() == markers.size();
		});
		return this.seen.stream().filter((record) -> !markers.contains(record.key())).toList();
	}

	/** Every record read so far. */
	public List<ConsumerRecord<String, byte[]>> records() {
		pollOnce();
		return List.copyOf(this.seen);
	}

	private void pollOnce() {
		this.consumer.poll(POLL).forEach(this.seen::add);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	/** The value of header {@code name} as UTF-8, or {@code null}. */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/** Publishes one raw record, with no headers, and waits for the broker's ack. */
	public static void publish(String topic, String key, byte[] value) {
		publish(topic, null, key, value);
	}

	/**
	 * Publishes one raw record to {@code partition} (or where the key hashes to, when
	 * {@code null}); records of one partition are consumed in order.
	 */
	public static void publish(String topic, Integer partition, String key, byte[] value) {
		publish(new ProducerRecord<>(topic, partition, key, value));
	}

	/**
	 * Publishes {@code record} as it is (headers, timestamp) and waits for the broker's
	 * ack.
	 */
	public static void publish(ProducerRecord<String, byte[]> record) {
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish to " + record.topic(), ex);
		}
	}

	/**
	 * Publishes many records with one producer, in order, and waits for the broker's
	 * acks.
	 */
	public static void publishAll(String topic, Map<String, byte[]> records) {
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
				new ByteArraySerializer())) {
			List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
			records.forEach((key, value) -> acks.add(producer.send(new ProducerRecord<>(topic, key, value))));
			for (java.util.concurrent.Future<?> ack : acks) {
				ack.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish to " + topic, ex);
		}
	}

	/** Publishes one UTF-8 string record, as the Kafka console producer or kcat would. */
	public static void publish(String topic, String key, String value) {
		publish(topic, key, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Properties of a plain {@code KafkaProducer<String, String>} against the shared
	 * broker.
	 */
	public static Map<String, Object> producerProperties() {
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
	}

}
