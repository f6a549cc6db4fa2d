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
 * Producers for ragline's command-line tools, outside Spring: string keys, JSON bytes as
 * values, and the same defaults the services get ({@link PipelineKafkaDefaults}).
 */
public final class PipelineProducers {

	private PipelineProducers() {
	}

	/** {@code config} with ragline's defaults for settings it does not give. */
	public static Map<String, Object> withDefaults(Map<String, Object> config) {
		Map<String, Object> result = new HashMap<>(config);
		PipelineKafkaDefaults.PRODUCER.forEach(result::putIfAbsent);
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
