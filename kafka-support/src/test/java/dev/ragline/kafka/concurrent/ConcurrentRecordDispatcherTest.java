package dev.ragline.kafka.concurrent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ragline.contracts.InfrastructureUnavailableException;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.kafka.RecordErrorPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher on its own, without a broker: how many records run at once, in which
 * order offsets are acknowledged, and what happens to records that fail.
 */
class ConcurrentRecordDispatcherTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<String> acknowledged = new CopyOnWriteArrayList<>();

	private final List<String> recovered = new CopyOnWriteArrayList<>();

	private ConcurrentRecordDispatcher dispatcher;

	@AfterEach
	void stop() {
		if (this.dispatcher != null) {
			this.dispatcher.stop();
		}
	}

	@Test
	void runsUpToMaxInFlightRecordsAtOnceAndTheRestWhenSlotsFree() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger running = new AtomicInteger();
		Set<Integer> peaks = ConcurrentHashMap.newKeySet();
		start((record) -> {
			peaks.add(running.incrementAndGet());
			release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			running.decrementAndGet();
		}, RecordErrorPolicy.notRetrying(), 3);

		for (int offset = 0; offset < 8; offset++) {
			deliver(offset % 2, offset);
		}

		await().atMost(WAIT).until(() -> this.dispatcher.running() == 3);
		assertThat(this.dispatcher.waiting()).isEqualTo(5);
		release.countDown();
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 0 && this.dispatcher.waiting() == 0);
		assertThat(peaks).allMatch((peak) -> peak <= 3);
	}

	@Test
	void aLoweredLimitLetsRunningRecordsFinishAndStartsNoNewOneUntilBelowItAndARaisedOneStartsWaitingOnes()
			throws Exception {
		CountDownLatch firstRelease = new CountDownLatch(1);
		CountDownLatch laterRelease = new CountDownLatch(1);
		AtomicInteger started = new AtomicInteger();
		start((record) -> {
			CountDownLatch release = (started.incrementAndGet() <= 4) ? firstRelease : laterRelease;
			release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}, RecordErrorPolicy.notRetrying(), 4);
		for (int offset = 0; offset < 10; offset++) {
			deliver(0, offset);
		}
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 4);

		this.dispatcher.limitTo(2);
		assertThat(this.dispatcher.limit()).isEqualTo(2);
		assertThat(this.dispatcher.running()).as("running records are not stopped").isEqualTo(4);
		firstRelease.countDown();
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 2);
		assertThat(this.dispatcher.waiting()).isEqualTo(4);

		this.dispatcher.limitTo(100);
		assertThat(this.dispatcher.limit()).as("never above max-in-flight").isEqualTo(4);
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 4);
		this.dispatcher.limitTo(0);
		assertThat(this.dispatcher.limit()).as("never below one").isEqualTo(1);
		laterRelease.countDown();
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 0 && this.dispatcher.waiting() == 0);
		assertThat(started).hasValue(10);
	}

	@Test
	void acknowledgesARecordOnlyOnceEveryEarlierRecordOfItsPartitionFinished() throws Exception {
		CountDownLatch firstMayFinish = new CountDownLatch(1);
		start((record) -> {
			if (record.partition() == 0 && record.offset() == 0) {
				firstMayFinish.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}, RecordErrorPolicy.notRetrying(), 4);

		deliver(0, 0);
		deliver(0, 1);
		deliver(1, 0);

		await().atMost(WAIT).until(() -> this.acknowledged.contains("p1@0"));
		assertThat(this.acknowledged).as("offset 1 waits for offset 0 of its partition").doesNotContain("p0@1");
		firstMayFinish.countDown();
		await().atMost(WAIT).until(() -> this.acknowledged.contains("p0@1"));
		assertThat(this.acknowledged).doesNotContain("p0@0");
	}

	@Test
	void retriesARecordThatMayStillWorkAndHearsEveryFailure() {
		AtomicInteger calls = new AtomicInteger();
		List<Integer> failures = new CopyOnWriteArrayList<>();
		start((record) -> {
			if (calls.incrementAndGet() < 3) {
				throw new InfrastructureUnavailableException("q", "Redis away", null);
			}
		}, RecordErrorPolicy.notRetrying(), 2, new RetryListener() {
			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
				failures.add(attempt);
			}
		});

		deliver(0, 0);

		await().atMost(WAIT).until(() -> this.acknowledged.contains("p0@0"));
		assertThat(calls).hasValue(3);
		assertThat(failures).containsExactly(1, 2);
		assertThat(this.recovered).isEmpty();
	}

	@Test
	void givesARecordThatCannotWorkToTheRecovererAtOnceAndThenAcknowledgesIt() {
		AtomicInteger calls = new AtomicInteger();
		start((record) -> {
			calls.incrementAndGet();
			throw new InvalidMessageException("q", InvalidMessageException.INVALID_JSON, "not JSON");
		}, RecordErrorPolicy.notRetrying(), 2);

		deliver(0, 0);

		await().atMost(WAIT).until(() -> this.acknowledged.contains("p0@0"));
		assertThat(calls).hasValue(1);
		assertThat(this.recovered).containsExactly("p0@0");
	}

	@Test
	void forgetsTheRecordsOfALostPartitionTheirNewOwnerGetsThem() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		start((record) -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), RecordErrorPolicy.notRetrying(), 1);
		deliver(0, 0);
		deliver(0, 1);
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 1);

		this.dispatcher.onPartitionsLost(null, List.of(new TopicPartition("t", 0)));
		release.countDown();

		await().atMost(WAIT).until(() -> this.dispatcher.running() == 0);
		assertThat(this.dispatcher.waiting()).isZero();
		assertThat(this.acknowledged).as("nothing committed for a partition lost").isEmpty();
	}

	@Test
	void handsARevokedPartitionOverOnceItsRunningCallsFinishedSoTheirOffsetsAreCommitted() {
		List<String> processed = new CopyOnWriteArrayList<>();
		start((record) -> {
			processed.add(name(record));
			Thread.sleep(300);
		}, RecordErrorPolicy.notRetrying(), 1, Duration.ofSeconds(5));
		deliver(0, 0);
		deliver(0, 1);
		deliver(1, 0);
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 1);

		this.dispatcher.onPartitionsRevokedBeforeCommit(null, List.of(new TopicPartition("t", 0)));

		assertThat(this.acknowledged).as("the call running at revocation finished, its offset acknowledged")
			.contains("p0@0");
		await().atMost(WAIT).until(() -> this.acknowledged.contains("p1@0"));
		assertThat(processed).as("the fetched record of the revoked partition is left to the new owner")
			.doesNotContain("p0@1");
	}

	@Test
	void leavesACallStillRunningAfterTheHandOffTimeoutUncommittedForTheNewOwner() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		start((record) -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), RecordErrorPolicy.notRetrying(), 1,
				Duration.ofMillis(200));
		deliver(0, 0);
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 1);

		long start = System.nanoTime();
		this.dispatcher.onPartitionsRevokedBeforeCommit(null, List.of(new TopicPartition("t", 0)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
		release.countDown();

		await().atMost(WAIT).until(() -> this.dispatcher.running() == 0);
		assertThat(this.acknowledged).isEmpty();
	}

	@Test
	void stoppingLetsRunningRecordsFinishWithinTheHandOffTimeout() {
		start((record) -> Thread.sleep(300), RecordErrorPolicy.notRetrying(), 2);
		deliver(0, 0);
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 1);

		this.dispatcher.stop();

		assertThat(this.acknowledged).containsExactly("p0@0");
		this.dispatcher = null;
	}

	@Test
	void withAnAckTimeTheRecordsFinishedWithinItShareOneCommit() {
		startAttached((record) -> {
		}, Duration.ofSeconds(2));
		deliver(0, 0);
		deliver(0, 1);
		deliver(1, 0);
		deliver(0, 2);
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 0 && this.dispatcher.waiting() == 0);
		assertThat(this.acknowledged).as("nothing acknowledged before the ack time is over").isEmpty();

		await().atMost(WAIT).until(() -> this.acknowledged.size() == 2);
		assertThat(this.acknowledged).as("the newest finished record of each partition, once")
			.containsExactlyInAnyOrder("p0@2", "p1@0");
	}

	@Test
	void aRevocationCommitsTheFinishedRecordsOfItsPartitionsAtOnceAndALostPartitionNothing() {
		startAttached((record) -> {
		}, Duration.ofMinutes(1));
		deliver(0, 0);
		deliver(1, 0);
		deliver(2, 0);
		await().atMost(WAIT).until(() -> this.dispatcher.running() == 0 && this.dispatcher.waiting() == 0);

		this.dispatcher.onPartitionsRevokedBeforeCommit(null, List.of(new TopicPartition("t", 0)));
		assertThat(this.acknowledged).as("committed before the partition moves").containsExactly("p0@0");

		this.dispatcher.onPartitionsLost(null, List.of(new TopicPartition("t", 1)));
		this.dispatcher.stop();
		assertThat(this.acknowledged).as("a stop commits what is left, a lost partition nothing")
			.containsExactly("p0@0", "p2@0");
		this.dispatcher = null;
	}

	/** Attached to a container (not started) whose ack mode is {@code TIME}. */
	private void startAttached(RecordProcessor processor, Duration ackTime) {
		start(processor, RecordErrorPolicy.notRetrying(), 4);
		ContainerProperties properties = new ContainerProperties("t");
		properties.setAckMode(ContainerProperties.AckMode.TIME);
		properties.setAckTime(ackTime.toMillis());
		this.dispatcher
			.attachTo(new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of()), properties));
	}

	private void start(RecordProcessor processor, RecordErrorPolicy policy, int maxInFlight,
			RetryListener... listeners) {
		start(processor, policy, maxInFlight, Duration.ofSeconds(5), listeners);
	}

	private void start(RecordProcessor processor, RecordErrorPolicy policy, int maxInFlight, Duration handOffTimeout,
			RetryListener... listeners) {
		this.dispatcher = new ConcurrentRecordDispatcher("test", processor,
				(record, ex) -> this.recovered.add(name(record)), policy, List.of(listeners), maxInFlight,
				handOffTimeout);
		this.dispatcher.start();
	}

	private void deliver(int partition, long offset) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", partition, offset, "k" + offset, new byte[0]);
		this.dispatcher.onMessage(record, () -> this.acknowledged.add(name(record)));
	}

	private static String name(ConsumerRecord<?, ?> record) {
		return "p" + record.partition() + "@" + record.offset();
	}

}
