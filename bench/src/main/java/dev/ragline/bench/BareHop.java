package dev.ragline.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The least a reroute has to do, with none of ragline: one HTTP call that vLLM answers
 * 404, then one record published, acknowledged and received by a consumer that was
 * waiting for it on a thread of its own, as a listener container's consumer does. Timed
 * with the same clients and producer settings the pipeline uses.
 */
public final class BareHop implements AutoCloseable {

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String CHAT = "{\"model\":\"served-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

	/** As the worker's: TCP_NODELAY, so a body in two writes does not wait for an ACK. */
	private final OkHttpClient http = new OkHttpClient.Builder()
		.socketFactory(new dev.ragline.llm.http.NoDelaySocketFactory())
		.build();

	/** As the pipeline's listener containers poll ({@code PipelineKafkaDefaults}). */
	private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

	private final Request call;

	private final KafkaProducer<String, String> producer;

	private final KafkaConsumer<String, String> consumer;

	private final TopicPartition partition;

	private final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();

	private final Thread receiver;

	private volatile boolean running = true;

	BareHop(String bootstrapServers, String topic, String vllmBaseUrl) throws Exception {
		this(bootstrapServers, topic, vllmBaseUrl, GroupProtocol.CONSUMER);
	}

	/**
	 * @param protocol the consumer's: {@link GroupProtocol#CONSUMER} is the pipeline's
	 * (KIP-848; its consumer fetches on a background thread and hands records to the
	 * polling one), {@link GroupProtocol#CLASSIC} fetches on the polling thread itself
	 */
	BareHop(String bootstrapServers, String topic, String vllmBaseUrl, GroupProtocol protocol) throws Exception {
		this.call = (vllmBaseUrl != null) ? new Request.Builder().url(vllmBaseUrl + "/v1/chat/completions")
			.post(RequestBody.create(CHAT, JSON))
			.build() : null;
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0,
						ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
				new StringSerializer(), new StringSerializer());
		this.partition = new TopicPartition(topic, 0);
		// the first record creates the topic
		this.producer.send(new ProducerRecord<>(topic, 0, "key", "first")).get();
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT)),
				new StringDeserializer(), new StringDeserializer());
		this.consumer.assign(List.of(this.partition));
		this.consumer.seekToEnd(List.of(this.partition));
		this.consumer.position(this.partition);
		this.receiver = new Thread(this::receive, "bare-hop-consumer");
		this.receiver.start();
	}

	private void receive() {
		try {
			while (this.running) {
				int received = this.consumer.poll(POLL_TIMEOUT).count();
				for (int i = 0; i < received; i++) {
					this.arrivals.add(System.nanoTime());
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

	/**
	 * How long the two parts of the least a reroute does took.
	 *
	 * @param callMillis the 404 call
	 * @param hopMillis from the publish to the record's arrival at the waiting consumer
	 */
	record Timing(double callMillis, double hopMillis) {

	}

	/** A hop alone, on {@code topic} of the broker at {@code bootstrapServers}. */
	public static BareHop kafkaOnly(String bootstrapServers, String topic) throws Exception {
		return new BareHop(bootstrapServers, topic, null);
	}

	/**
	 * One record published, acknowledged and received: the Kafka part of {@link #run}.
	 */
	public double hopMillis() throws Exception {
		long published = System.nanoTime();
		this.producer.send(new ProducerRecord<>(this.partition.topic(), 0, "key", "value")).get();
		return (this.arrivals.take() - published) / 1e6;
	}

	Timing run() throws Exception {
		if (this.call == null) {
			throw new IllegalStateException("This hop was made without a vLLM to call");
		}
		long start = System.nanoTime();
		try (Response response = this.http.newCall(this.call).execute()) {
			if (response.code() != 404) {
				throw new IOException("Expected vLLM's 404, got " + response.code());
			}
			response.body().string();
		}
		double callMillis = (System.nanoTime() - start) / 1e6;
		return new Timing(callMillis, hopMillis());
	}

	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
		try {
			this.receiver.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.close();
		this.http.dispatcher().executorService().shutdown();
		this.http.connectionPool().evictAll();
	}

}
