package dev.ragline.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Producers as ragline's stages and tools use them: string keys, JSON bytes as values,
 * and settings chosen for a pipeline where every hop is on a query's critical path.
 */
public final class PipelineProducers {

	private PipelineProducers() {
	}

	/** {@code config} with ragline's defaults for settings it does not give. */
	public static Map<String, Object> withDefaults(Map<String, Object> config) {
		Map<String, Object> result = new HashMap<>(config);
		// each hop is on a query's critical path; Kafka 4 waits 5 ms by default to
		// fill batches
		result.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		// KAFKA-15591: with several requests in flight, an idempotent producer writing
		// to a partition created moments ago can have them reordered, and the first
		// then fails with OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms; one
		// request at a time cannot be reordered
		result.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		return result;
	}

	public static ProducerFactory<String, byte[]> factory(Map<String, Object> config) {
		return new DefaultKafkaProducerFactory<>(withDefaults(config), new StringSerializer(),
				new ByteArraySerializer());
	}

	/**
	 * A template for code outside Spring (command-line tools); close its factory when
	 * done.
	 */
	public static KafkaTemplate<String, byte[]> template(String bootstrapServers) {
		return new KafkaTemplate<>(factory(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)));
	}

}
