package dev.ragline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.MessageJson;

import org.springframework.kafka.core.KafkaOperations;

/**
 * Publishes documents to the compacted documents topic (key = document id) and deletes
 * them with tombstones, waiting until the broker acknowledged every record.
 */
public class DocumentPublisher {

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	private final Duration timeout;

	public DocumentPublisher(KafkaOperations<String, byte[]> kafka, String topic, Duration timeout) {
		this.kafka = kafka;
		this.topic = topic;
		this.timeout = timeout;
	}

	public String topic() {
		return this.topic;
	}

	/**
	 * @throws InfrastructureUnavailableException when the broker did not acknowledge
	 * every document in time
	 */
	public void publish(List<DocumentMessage> documents) {
		List<CompletableFuture<?>> acks = new ArrayList<>(documents.size());
		for (DocumentMessage document : documents) {
			acks.add(this.kafka.send(this.topic, document.id(), MessageJson.toBytes(document)));
		}
		await(acks, documents.size() + " documents");
	}

	/** Publishes a tombstone: every retriever drops the document. */
	public void delete(String id) {
		await(List.of(this.kafka.send(this.topic, id, null)), "the deletion of document " + id);
	}

	private void await(List<CompletableFuture<?>> acks, String what) {
		try {
			CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(what, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw unavailable(what, ex);
		}
	}

	private InfrastructureUnavailableException unavailable(String what, Exception cause) {
		return new InfrastructureUnavailableException(null,
				"Kafka did not acknowledge " + what + " on " + this.topic + " within " + this.timeout + "; try again",
				cause);
	}

}
