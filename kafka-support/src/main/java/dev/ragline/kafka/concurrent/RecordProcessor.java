package dev.ragline.kafka.concurrent;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The work of a stage on one record, run on a worker thread. It returns when the stage's
 * output is durable; it throws to have the record retried or routed (see
 * {@link ConcurrentRecordDispatcher}).
 */
@FunctionalInterface
public interface RecordProcessor {

	void process(ConsumerRecord<String, byte[]> record) throws Exception;

}
