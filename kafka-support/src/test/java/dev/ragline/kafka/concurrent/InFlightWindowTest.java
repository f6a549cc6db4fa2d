package dev.ragline.kafka.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.Acknowledgment;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightWindowTest {

	private final InFlightWindow window = new InFlightWindow();

	private final List<Long> acknowledged = new ArrayList<>();

	@Test
	void acknowledgesOnlyOnceEveryEarlierRecordOfThePartitionFinished() {
		ConsumerRecord<String, byte[]> first = track("t", 0, 10);
		ConsumerRecord<String, byte[]> second = track("t", 0, 11);
		ConsumerRecord<String, byte[]> third = track("t", 0, 12);

		assertThat(this.window.finish(third)).isNull();
		assertThat(this.window.finish(second)).isNull();
		this.window.finish(first).acknowledge();

		assertThat(this.acknowledged).as("the newest finished record commits all three").containsExactly(12L);
		assertThat(this.window.size()).isZero();
	}

	@Test
	void keepsPartitionsIndependent() {
		ConsumerRecord<String, byte[]> slow = track("t", 0, 5);
		ConsumerRecord<String, byte[]> fast = track("t", 1, 7);

		this.window.finish(fast).acknowledge();

		assertThat(this.acknowledged).containsExactly(7L);
		assertThat(this.window.tracks(slow)).isTrue();
	}

	@Test
	void ignoresRecordsOfRevokedPartitionsAndStaleDeliveries() {
		ConsumerRecord<String, byte[]> old = track("t", 0, 3);
		this.window.revoke(Set.of(new TopicPartition("t", 0)));
		assertThat(this.window.finish(old)).isNull();

		ConsumerRecord<String, byte[]> redelivered = track("t", 0, 3);
		assertThat(this.window.finish(old)).as("the old delivery does not finish the new one").isNull();
		this.window.finish(redelivered).acknowledge();
		assertThat(this.acknowledged).containsExactly(3L);
	}

	private ConsumerRecord<String, byte[]> track(String topic, int partition, long offset) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, partition, offset, "k", new byte[0]);
		Acknowledgment ack = () -> this.acknowledged.add(offset);
		this.window.add(record, ack);
		return record;
	}

}
