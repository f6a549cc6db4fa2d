package dev.ragline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Retrieved queries published straight to {@code ragline.retrieved}, as a retriever
 * would, each with a unique id that its question carries, so a backend's request says
 * which query it is for.
 */
final class RetrievedLoad implements AutoCloseable {

	private static final Pattern ID = Pattern.compile("Question ([0-9a-f-]{36})\\?");

	private final KafkaProducer<String, byte[]> producer;

	private final List<String> ids = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	private Thread thread;

	RetrievedLoad(String bootstrapServers) {
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
				new StringSerializer(), new ByteArraySerializer());
	}

	/** The id a backend request was made for, or {@code null}. */
	static String idIn(String requestBody) {
		Matcher matcher = ID.matcher(requestBody);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** Publishes {@code count} queries at once. */
	void publish(int count) {
		publish(count, () -> UUID.randomUUID().toString());
	}

	/** Publishes {@code count} queries at once, with the ids {@code ids} gives. */
	void publish(int count, Supplier<String> ids) {
		for (int i = 0; i < count; i++) {
			publishOne(ids.get());
		}
		this.producer.flush();
	}

	/** Publishes {@code perSecond} queries a second, evenly, until {@link #stop()}. */
	void start(int perSecond) {
		this.running = true;
		long pause = 1_000_000_000L / perSecond;
		this.thread = new Thread(() -> {
			long next = System.nanoTime();
			while (this.running) {
				publishOne(UUID.randomUUID().toString());
				next += pause;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					try {
						Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}
		}, "retrieved-load");
		this.thread.start();
	}

	void stop() throws InterruptedException {
		this.running = false;
		if (this.thread != null) {
			this.thread.join();
		}
		this.producer.flush();
	}

	/** Every id published so far. */
	List<String> ids() {
		return List.copyOf(this.ids);
	}

	private void publishOne(String id) {
		RetrievedQuery query = new RetrievedQuery(QueryMessage.of(id, "Question " + id + "?"),
				List.of(new Passage("doc-1", "Rayleigh scattering", "Air scatters blue light more than red.", 1.0)),
				Instant.now());
		this.producer.send(new ProducerRecord<>(Topics.RETRIEVED, id, MessageJson.toBytes(query)));
		this.ids.add(id);
	}

	@Override
	public void close() throws InterruptedException {
		stop();
		this.producer.close(Duration.ofSeconds(10));
	}

}
