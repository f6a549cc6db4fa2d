package dev.ragline.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * ragline's Kafka defaults, as the {@code spring.kafka.*} properties Spring Boot
 * documents, in a property source below every other one: Boot builds the clients and the
 * listener containers from them, and any setting the user gives wins.
 *
 * <ul>
 * <li>Producers send at once ({@code linger.ms=0}): each hop is on a query's critical
 * path, and Kafka 4 waits 5 ms by default to fill batches. They keep one request in
 * flight per connection (KAFKA-15591: with several, an idempotent producer writing to a
 * partition created moments ago can have them reordered, and the first then fails with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until {@code delivery.timeout.ms}).</li>
 * <li>Consumers of a new group start at the earliest record (a query published before a
 * worker group first started must still be answered) and never commit by themselves:
 * offsets are committed after a stage's output is durable.</li>
 * <li>Listener containers commit what their listeners finished at most every 100 ms
 * ({@code ack-mode=time}): one commit for the records of that time, not one per record,
 * which each is a write to the group coordinator's log. A record is committed only after
 * its stage's output is durable; a process killed before the commit makes the records of
 * those 100 ms run again, and each stage skips a query that is already past it.</li>
 * <li>Consumer groups use Kafka's consumer group protocol (KIP-848, Kafka 4 brokers): a
 * member joining or leaving moves only the partitions that change owner, the others keep
 * flowing. {@code spring.kafka.consumer.properties[group.protocol]=classic} falls back to
 * the classic protocol for older brokers.</li>
 * <li>Listener containers poll with a 100 ms timeout (Spring's default is 5 s), below the
 * consumer's {@code fetch.max.wait.ms} (500 ms). With that protocol's consumer the next
 * fetch is sent when the application thread polls again: while it sits in a long poll
 * after a fetch came back empty, a record that arrives waits for the poll to end. With a
 * 1 s poll timeout, most records of a stream with idle spells arrived 350 to 600 ms late
 * ({@code ./ragline bench llm}: a reroute's median 278 ms over a direct answer; 8 ms with
 * 100 ms, and none late with the classic protocol). Rebalance callbacks also run inside
 * {@code poll}, so an idle consumer takes partitions up (or gives them up) at once.</li>
 * </ul>
 */
public class PipelineKafkaDefaults extends LowestPriorityDefaults {

	/** Producer settings ragline relies on, also for producers built outside Spring. */
	public static final Map<String, Object> PRODUCER = Map.of(ProducerConfig.LINGER_MS_CONFIG, 0,
			ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);

	public PipelineKafkaDefaults() {
		super("ragline-kafka-defaults", properties());
	}

	static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		PRODUCER.forEach((name, value) -> properties.put("spring.kafka.producer.properties[" + name + "]", value));
		properties.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		properties.put("spring.kafka.consumer.enable-auto-commit", false);
		properties.put("spring.kafka.consumer.properties[" + ConsumerConfig.GROUP_PROTOCOL_CONFIG + "]",
				GroupProtocol.CONSUMER.name().toLowerCase(Locale.ROOT));
		properties.put("spring.kafka.listener.ack-mode", "time");
		properties.put("spring.kafka.listener.ack-time", "100ms");
		properties.put("spring.kafka.listener.poll-timeout", "100ms");
		return properties;
	}

}
