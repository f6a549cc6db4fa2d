package dev.ragline.llm.generation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.QueryResult;
import dev.ragline.kafka.BackOffs;
import dev.ragline.kafka.ReasonHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Sends a query the primary backend could not answer to the fallback: republishes its
 * record, unchanged, to the fallback topic with why ({@code ragline.reason*} headers) and
 * every call made ({@code ragline.reason.calls}), waits for the broker's ack (trying
 * again while the broker is away), then records REROUTED once and logs one line.
 */
class FallbackRerouter {

	private static final Logger logger = LoggerFactory.getLogger(FallbackRerouter.class);

	private static final String REASON_HEADERS = "ragline.reason";

	private final KafkaOperations<String, byte[]> kafka;

	private final String fallbackTopic;

	private final Duration publishTimeout;

	private final ResultRecorder results;

	private final LlmMetrics metrics;

	FallbackRerouter(KafkaOperations<String, byte[]> kafka, String fallbackTopic, Duration publishTimeout,
			ResultRecorder results, LlmMetrics metrics) {
		this.kafka = kafka;
		this.fallbackTopic = fallbackTopic;
		this.publishTimeout = publishTimeout;
		this.results = results;
		this.metrics = metrics;
	}

	/**
	 * Reroutes the query of {@code record}; returns once the fallback topic has it.
	 * @param known the query's document as the caller last saw it, or {@code null}
	 * @param question the question, for a document that does not exist yet
	 * @throws IllegalStateException when the worker stops before the broker acknowledged
	 */
	void reroute(ConsumerRecord<String, byte[]> record, QueryResult known, String id, String question,
			FallbackReason reason, List<Attempt> calls) {
		publish(new ProducerRecord<>(this.fallbackTopic, null, record.key(), record.value(),
				headers(record, reason, calls)));
		// written before anything else: the fallback may already be reading the document
		this.results.rerouted(known, id, question, reason, calls);
		this.metrics.rerouted(reason.code());
		logger.info("Query {} rerouted from vLLM to the fallback: {} ({} call{}): {}", id, reason.code(), calls.size(),
				(calls.size() == 1) ? "" : "s", reason.detail());
	}

	private void publish(ProducerRecord<String, byte[]> rerouted) {
		BackOffExecution backOff = BackOffs.unlimited().start();
		while (true) {
			try {
				this.kafka.send(rerouted).get(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw stopping(rerouted, ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.warn("Could not publish query {} to {} (retrying): {}", rerouted.key(), this.fallbackTopic,
						ex.getMessage());
				try {
					Thread.sleep(backOff.nextBackOff());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw stopping(rerouted, interrupted);
				}
			}
		}
	}

	/**
	 * The record's own headers (a trace context, say) without reason headers of an
	 * earlier hop, and this reroute's.
	 */
	private static Headers headers(ConsumerRecord<String, byte[]> record, FallbackReason reason, List<Attempt> calls) {
		Headers headers = ReasonHeaders.ofReroute(GenerationConfiguration.PRIMARY_STAGE, reason, calls);
		for (Header header : record.headers()) {
			if (!header.key().startsWith(REASON_HEADERS)) {
				headers.add(header);
			}
		}
		return headers;
	}

	private IllegalStateException stopping(ProducerRecord<String, byte[]> rerouted, InterruptedException ex) {
		return new IllegalStateException("The worker stops before " + this.fallbackTopic + " acknowledged query "
				+ rerouted.key() + "; it is rerouted again after a restart", ex);
	}

}
