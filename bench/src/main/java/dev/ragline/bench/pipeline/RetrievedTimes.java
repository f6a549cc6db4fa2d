package dev.ragline.bench.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When the retriever finished each query: the {@code retrievedAt} of its record on the
 * retrieved topic, read by a consumer of no group that starts at the topic's end.
 */
final class RetrievedTimes implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final Map<String, Instant> finished = new ConcurrentHashMap<>();

	private final Thread reader;

	RetrievedTimes(String bootstrapServers) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(Topics.RETRIEVED)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
		this.reader = new Thread(this::read, "retrieved-times");
		this.reader.start();
	}

	Optional<Instant> finished(String id) {
		return Optional.ofNullable(this.finished.get(id));
	}

	private void read() {
		try {
			while (true) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(500))) {
					try {
						RetrievedQuery query = MessageJson.read(record.value(), RetrievedQuery.class);
						this.finished.put(query.id(), query.retrievedAt());
					}
					catch (RuntimeException ex) {
						// not a retrieved query: not ours to time
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			this.consumer.close();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.consumer.wakeup();
		this.reader.join();
	}

}
