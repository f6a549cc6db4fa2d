package dev.ragline.kafka.concurrent;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.support.Acknowledgment;

/**
 * Which records of each partition are still being processed, so offsets are acknowledged
 * in order: a finished record is acknowledged only when every earlier record of its
 * partition has finished too, and then the acknowledgment of the newest finished one
 * commits them all. Thread-safe.
 */
final class InFlightWindow {

	private final Map<TopicPartition, TreeMap<Long, Slot>> partitions = new HashMap<>();

	private static final class Slot {

		private final ConsumerRecord<?, ?> record;

		private final Acknowledgment ack;

		private boolean done;

		Slot(ConsumerRecord<?, ?> record, Acknowledgment ack) {
			this.record = record;
			this.ack = ack;
		}

	}

	synchronized void add(ConsumerRecord<?, ?> record, Acknowledgment ack) {
		this.partitions.computeIfAbsent(partition(record), (key) -> new TreeMap<>())
			.put(record.offset(), new Slot(record, ack));
	}

	/**
	 * Marks {@code record} finished.
	 * @return the acknowledgment to call now (it commits every finished record before
	 * it), or {@code null} when an earlier record is still running or the partition was
	 * revoked
	 */
	synchronized Acknowledgment finish(ConsumerRecord<?, ?> record) {
		TreeMap<Long, Slot> slots = this.partitions.get(partition(record));
		if (slots == null) {
			return null;
		}
		Slot slot = slots.get(record.offset());
		if (slot == null || slot.record != record) {
			// a delivery from before a rebalance; the partition's newer delivery owns
			// that offset
			return null;
		}
		slot.done = true;
		Acknowledgment newest = null;
		while (!slots.isEmpty() && slots.firstEntry().getValue().done) {
			newest = slots.pollFirstEntry().getValue().ack;
		}
		return newest;
	}

	/**
	 * Forgets revoked partitions: their records will be delivered again to their new
	 * owner.
	 */
	synchronized void revoke(Collection<TopicPartition> revoked) {
		revoked.forEach(this.partitions::remove);
	}

	synchronized boolean tracks(ConsumerRecord<?, ?> record) {
		TreeMap<Long, Slot> slots = this.partitions.get(partition(record));
		return slots != null && slots.containsKey(record.offset());
	}

	/** Records delivered and not yet acknowledged, over all partitions. */
	synchronized int size() {
		return this.partitions.values().stream().mapToInt(Map::size).sum();
	}

	private static TopicPartition partition(ConsumerRecord<?, ?> record) {
		return new TopicPartition(record.topic(), record.partition());
	}

}
