package dev.ragline.retriever.documents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.retriever.index.AppliedOffsets;
import dev.ragline.retriever.index.PassageIndex;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Keeps this replica's passage index equal to the documents topic: reads every partition
 * from the beginning, without a consumer group (every replica holds every document),
 * applies upserts and tombstones, and goes on following new records. Once it has applied
 * everything up to the end offsets it saw at start, it reports ready and starts the query
 * consumer, so no replica answers from a half-built index. Unreadable records go to the
 * dead-letter topic with a reason.
 *
 * <p>
 * After each change it applied (and once when it has caught up) it reports its offsets to
 * the {@link CorpusVersion}, which moves only for records no replica had applied yet: a
 * replica starting or replaying the topic does not empty the answer cache.
 *
 * <p>
 * If following fails (the index or the broker throws), the replica is {@code FAILED}
 * (readiness DOWN, with the reason) and starts following again after a back-off, from the
 * offsets it had applied. Partitions added to the topic later are found every
 * {@code partitionCheck} and read from their beginning. (Adding partitions moves keys: a
 * document's older record stays in its old partition, and a replica reading everything
 * again cannot tell which of the two is newer. To repartition, create a new documents
 * topic and index the collection into it.)
 *
 * <p>
 * With a persistent index it starts from the snapshot the index opened: it checks the
 * snapshot against the topic (the same topic id; every offset between the partition's
 * start and end) and replays only the records after it, else it empties the index and
 * reads everything. While following it writes a snapshot every {@code snapshotInterval}
 * when something changed, once when it has caught up, and when it stops.
 */
public class DocumentsFollower implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DocumentsFollower.class);

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration RETRY = Duration.ofSeconds(1);

	/**
	 * The first wait before following again after a failure; it doubles up to the max.
	 */
	static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);

	static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(30);

	/** Records applied at once when the index only analyses text. */
	private static final int MAX_POLL_RECORDS = 500;

	/**
	 * Records applied at once when they are embedded too (a few seconds' work): each
	 * batch ends with a chance to snapshot, report progress or stop.
	 */
	private static final int MAX_POLL_RECORDS_EMBEDDED = 64;

	private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

	private final ConsumerFactory<String, byte[]> consumers;

	private final KafkaAdmin admin;

	private final String topic;

	private final PassageIndex index;

	private final ConsumerRecordRecoverer deadLetters;

	private final MessageListenerContainer queries;

	private final CorpusVersion corpusVersion;

	private final Duration partitionCheck;

	private final Duration snapshotInterval;

	private final Runnable warmUp;

	/** Per partition, the offset after the last record applied to the index. */
	private final Map<TopicPartition, Long> applied = new HashMap<>();

	private volatile State state = State.STARTING;

	private volatile String failure;

	private volatile Long appliedVersion;

	private volatile Consumer<String, byte[]> consumer;

	private volatile boolean running;

	private volatile CountDownLatch stopping = new CountDownLatch(1);

	private Thread thread;

	private long appliedRecords;

	private long recordsToCatchUp;

	private boolean caughtUpOnce;

	private boolean versionReportPending;

	private boolean snapshotChecked;

	private boolean changedSinceSnapshot;

	private long lastSnapshot = System.nanoTime();

	private long lastProgressLog = System.nanoTime();

	private String topicId;

	/** Where the follower is. */
	public enum State {

		/** Not reading yet, or waiting for the topic. */
		STARTING,

		/**
		 * Reading the records that were there when it started following (at start, or
		 * again after a failure); not ready.
		 */
		CATCHING_UP,

		/** Caught up; serving queries and following new records. */
		READY,

		/** Following failed; it starts again after a back-off, see {@link #failure()}. */
		FAILED

	}

	public DocumentsFollower(ConsumerFactory<String, byte[]> consumers, KafkaAdmin admin, String topic,
			PassageIndex index, ConsumerRecordRecoverer deadLetters, MessageListenerContainer queries,
			CorpusVersion corpusVersion, Duration partitionCheck, Duration snapshotInterval) {
		this(consumers, admin, topic, index, deadLetters, queries, corpusVersion, partitionCheck, snapshotInterval,
				() -> {
				});
	}

	/**
	 * @param warmUp run once, when the index first caught up, before the replica reports
	 * ready and starts the query listener
	 */
	public DocumentsFollower(ConsumerFactory<String, byte[]> consumers, KafkaAdmin admin, String topic,
			PassageIndex index, ConsumerRecordRecoverer deadLetters, MessageListenerContainer queries,
			CorpusVersion corpusVersion, Duration partitionCheck, Duration snapshotInterval, Runnable warmUp) {
		this.consumers = consumers;
		this.admin = admin;
		this.topic = topic;
		this.index = index;
		this.deadLetters = deadLetters;
		this.queries = queries;
		this.corpusVersion = corpusVersion;
		this.partitionCheck = partitionCheck;
		this.snapshotInterval = snapshotInterval;
		this.warmUp = warmUp;
	}

	public State state() {
		return this.state;
	}

	/** Why following failed last, while {@link State#FAILED}; else {@code null}. */
	public String failure() {
		return this.failure;
	}

	/**
	 * The corpus version as of what this replica last reported applied, or {@code null}
	 * before its first report.
	 */
	public Long appliedVersion() {
		return this.appliedVersion;
	}

	/** Records applied so far, and how many there were to catch up with at start. */
	public synchronized String progress() {
		return this.appliedRecords + " of " + this.recordsToCatchUp + " records";
	}

	@Override
	public void start() {
		// on the starting thread: a model that cannot be loaded fails the start
		this.index.awaitEmbedder();
		this.running = true;
		this.stopping = new CountDownLatch(1);
		this.thread = new Thread(this::superviseFollowing, "documents-follower");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		// no interrupt: it would break a snapshot being written (Lucene fails a
		// channel interrupted mid-write); the latch ends a pause instead
		this.stopping.countDown();
		try {
			this.thread.join(Duration.ofSeconds(10).toMillis());
			if (this.thread.isAlive()) {
				// still embedding a large batch: cut it short, the last snapshot stands
				this.thread.interrupt();
				this.thread.join(Duration.ofSeconds(5).toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Follows the topic; when that fails, says so and follows again after a back-off. */
	private void superviseFollowing() {
		Duration backoff = RESTART_BACKOFF;
		while (this.running) {
			try {
				follow();
			}
			catch (WakeupException ex) {
				// stopping: what was applied so far is kept
				snapshot();
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				this.failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
				this.state = State.FAILED;
				logger.error("Following {} failed; this replica's index is not updated until it follows again "
						+ "in {} s (from the offsets it had applied)", this.topic, backoff.toSeconds(), ex);
				if (!pause(backoff)) {
					return;
				}
				backoff = backoff.multipliedBy(2).compareTo(MAX_RESTART_BACKOFF) > 0 ? MAX_RESTART_BACKOFF
						: backoff.multipliedBy(2);
			}
		}
	}

	private void follow() {
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
				this.index.hasEmbeddings() ? MAX_POLL_RECORDS_EMBEDDED : MAX_POLL_RECORDS);
		// partitionsFor reads the consumer's metadata: keep it that fresh
		overrides.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) this.partitionCheck.toMillis());
		try (Consumer<String, byte[]> documents = this.consumers.createConsumer(null, "documents-", null, overrides)) {
			this.consumer = documents;
			List<TopicPartition> partitions = awaitPartitions(documents);
			this.topicId = this.admin.describeTopics(this.topic).get(this.topic).topicId().toString();
			assignFromApplied(documents, partitions);
			Map<TopicPartition, Long> target = new HashMap<>(documents.endOffsets(partitions));
			long start = System.nanoTime();
			long toCatchUp = 0;
			for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
				toCatchUp += Math.max(0, end.getValue() - documents.position(end.getKey()));
			}
			synchronized (this) {
				this.recordsToCatchUp = toCatchUp;
				this.appliedRecords = 0;
			}
			if (this.failure != null || this.caughtUpOnce) {
				logger.info("Following {} again from the offsets applied before: {} records to catch up with",
						this.topic, toCatchUp);
			}
			else {
				logger.info("Reading {} from {}: {} records to catch up with", this.topic,
						this.applied.isEmpty() ? "the beginning" : "the index snapshot's offsets", toCatchUp);
			}
			// ready (again) once it has what the topic holds now, so a replica that says
			// it is ready has not missed the records that came while it was failing
			this.state = State.CATCHING_UP;
			this.failure = null;
			long nextCheck = System.nanoTime() + this.partitionCheck.toNanos();
			while (this.running) {
				if (this.state != State.READY && caughtUp(documents, target)) {
					becomeReady(start);
				}
				apply(documents, documents.poll(POLL));
				reportVersionIfPending();
				if (System.nanoTime() - this.lastSnapshot >= this.snapshotInterval.toNanos()) {
					snapshot();
				}
				if (this.state == State.CATCHING_UP) {
					logProgress(start);
				}
				if (System.nanoTime() - nextCheck >= 0) {
					followNewPartitions(documents);
					nextCheck = System.nanoTime() + this.partitionCheck.toNanos();
				}
			}
		}
		finally {
			this.consumer = null;
		}
	}

	/**
	 * Resumes from the index's snapshot if the topic still holds what it says it applied;
	 * else empties the index, which then reads everything.
	 */
	private void adoptSnapshot(Consumer<String, byte[]> documents, List<TopicPartition> partitions) {
		this.snapshotChecked = true;
		AppliedOffsets snapshot = this.index.restored().orElse(null);
		if (snapshot == null) {
			return;
		}
		String mismatch = mismatch(snapshot, documents, partitions);
		if (mismatch != null) {
			logger.warn("The index snapshot does not match {}: {}; emptying the index and reading the topic from "
					+ "the beginning", this.topic, mismatch);
			this.index.clear();
			this.index.refresh();
			this.changedSinceSnapshot = true;
			return;
		}
		snapshot.offsets()
			.forEach((partition, offset) -> this.applied.put(new TopicPartition(this.topic, partition), offset));
		PassageIndex.Size size = this.index.size();
		logger.info("Opened the index snapshot: {} documents, {} passages, applied {} up to offsets {}",
				size.documents(), size.passages(), this.topic, snapshot.offsets());
	}

	/** Why {@code snapshot} cannot be continued from the topic as it is, or null. */
	private String mismatch(AppliedOffsets snapshot, Consumer<String, byte[]> documents,
			List<TopicPartition> partitions) {
		if (!snapshot.topicId().equals(this.topicId)) {
			return "it was built from another topic of that name (id " + snapshot.topicId() + ", now " + this.topicId
					+ ")";
		}
		Map<TopicPartition, Long> ends = documents.endOffsets(partitions);
		Map<TopicPartition, Long> beginnings = documents.beginningOffsets(partitions);
		for (Map.Entry<Integer, Long> applied : snapshot.offsets().entrySet()) {
			TopicPartition partition = new TopicPartition(this.topic, applied.getKey());
			Long end = ends.get(partition);
			if (end == null) {
				return "partition " + applied.getKey() + " no longer exists";
			}
			if (applied.getValue() > end) {
				return "its offset " + applied.getValue() + " of partition " + applied.getKey()
						+ " is past the partition's end (" + end + ")";
			}
			if (applied.getValue() < beginnings.get(partition)) {
				return "records of partition " + applied.getKey()
						+ " it had not applied were deleted (it applied up to " + applied.getValue()
						+ ", the partition now starts at " + beginnings.get(partition) + ")";
			}
		}
		return null;
	}

	/** Writes a snapshot of the index if it changed since the last one. */
	private void snapshot() {
		this.lastSnapshot = System.nanoTime();
		if (!this.changedSinceSnapshot || !this.index.persistent() || this.topicId == null) {
			return;
		}
		Map<Integer, Long> offsets = new TreeMap<>();
		this.applied.forEach((partition, next) -> offsets.put(partition.partition(), next));
		try {
			this.index.commit(new AppliedOffsets(this.topicId, offsets));
			this.changedSinceSnapshot = false;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write the index snapshot (trying again later): {}", ex.getMessage());
		}
	}

	/** Every 10 s while catching up: how far, how fast, how long still. */
	private void logProgress(long start) {
		long now = System.nanoTime();
		if (now - this.lastProgressLog < PROGRESS_INTERVAL.toNanos()) {
			return;
		}
		this.lastProgressLog = now;
		long done;
		long total;
		synchronized (this) {
			done = this.appliedRecords;
			total = this.recordsToCatchUp;
		}
		logger.info("Catching up with {}: {}", this.topic,
				new Progress(done, total, Duration.ofNanos(now - start)).describe("records"));
	}

	private List<TopicPartition> awaitPartitions(Consumer<String, byte[]> documents) {
		while (this.running) {
			List<PartitionInfo> infos = documents.partitionsFor(this.topic, Duration.ofSeconds(5));
			if (infos != null && !infos.isEmpty()) {
				return infos.stream().map((info) -> new TopicPartition(info.topic(), info.partition())).toList();
			}
			logger.info("Waiting for topic {} to exist", this.topic);
			pause(RETRY);
		}
		throw new WakeupException();
	}

	/**
	 * Assigns {@code partitions}: where applied before (or by the index's snapshot) from
	 * there, the rest from the start.
	 */
	private void assignFromApplied(Consumer<String, byte[]> documents, List<TopicPartition> partitions) {
		documents.assign(partitions);
		if (!this.snapshotChecked) {
			adoptSnapshot(documents, partitions);
		}
		List<TopicPartition> fresh = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			Long next = this.applied.get(partition);
			if (next != null) {
				documents.seek(partition, next);
			}
			else {
				fresh.add(partition);
			}
		}
		if (!fresh.isEmpty()) {
			// an empty list would mean every assigned partition
			documents.seekToBeginning(fresh);
		}
	}

	/** Adds partitions the topic gained since they were last listed, from their start. */
	private void followNewPartitions(Consumer<String, byte[]> documents) {
		List<PartitionInfo> infos = documents.partitionsFor(this.topic, Duration.ofSeconds(5));
		if (infos == null) {
			return;
		}
		Set<TopicPartition> assigned = documents.assignment();
		List<TopicPartition> added = infos.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.filter((partition) -> !assigned.contains(partition))
			.toList();
		if (added.isEmpty()) {
			return;
		}
		List<TopicPartition> all = new ArrayList<>(assigned);
		all.addAll(added);
		documents.assign(all);
		documents.seekToBeginning(added);
		logger.warn("{} gained partitions {}; reading them from the beginning. Keys written before the change "
				+ "may have older records in other partitions: repartition by indexing into a new topic instead",
				this.topic, added);
	}

	private boolean caughtUp(Consumer<String, byte[]> documents, Map<TopicPartition, Long> target) {
		target.entrySet().removeIf((end) -> documents.position(end.getKey()) >= end.getValue());
		return target.isEmpty();
	}

	private void becomeReady(long start) {
		PassageIndex.Size size = this.index.size();
		double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
		long records;
		synchronized (this) {
			records = this.appliedRecords;
		}
		logger.info(
				"Caught up with {}: {} documents, {} passages; {} records applied in {} s ({} records/s); "
						+ "serving queries",
				this.topic, size.documents(), size.passages(), records, String.format("%.1f", seconds),
				String.format("%.0f", records / seconds));
		if (!this.caughtUpOnce) {
			this.warmUp.run();
		}
		this.state = State.READY;
		this.failure = null;
		this.caughtUpOnce = true;
		this.versionReportPending = true;
		snapshot();
		if (!this.queries.isRunning()) {
			this.queries.start();
		}
	}

	/**
	 * Applies a batch in order (the last record of a document wins, a tombstone deletes
	 * it), then remembers how far it got.
	 */
	private void apply(Consumer<String, byte[]> documents, ConsumerRecords<String, byte[]> records) {
		if (records.isEmpty()) {
			return;
		}
		Map<String, DocumentMessage> changes = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			if (record.value() == null) {
				if (record.key() != null) {
					changes.remove(record.key());
					changes.put(record.key(), null);
				}
				continue;
			}
			try {
				DocumentMessage document = DocumentMessage.read(record.value(), record.key());
				changes.remove(document.id());
				changes.put(document.id(), document);
			}
			catch (InvalidMessageException ex) {
				deadLetter(record, ex);
			}
		}
		List<DocumentMessage> upserts = new ArrayList<>();
		changes.forEach((id, document) -> {
			if (document == null) {
				this.index.delete(id);
			}
			else {
				upserts.add(document);
			}
		});
		this.index.upsert(upserts);
		this.index.refresh();
		for (TopicPartition partition : records.partitions()) {
			this.applied.put(partition, documents.position(partition));
		}
		synchronized (this) {
			this.appliedRecords += records.count();
		}
		this.changedSinceSnapshot = true;
		if (this.state == State.READY) {
			this.versionReportPending = true;
		}
	}

	/**
	 * Tells the corpus version what this replica has applied; a report that fails (Redis
	 * away) is made again after the next poll.
	 */
	private void reportVersionIfPending() {
		if (!this.versionReportPending) {
			return;
		}
		Map<Integer, Long> offsets = new TreeMap<>();
		this.applied.forEach((partition, next) -> offsets.put(partition.partition(), next));
		try {
			this.appliedVersion = this.corpusVersion.applied(this.topicId, offsets);
			this.versionReportPending = false;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not report the applied documents to the corpus version (retrying); cached answers "
					+ "may be served until it is: {}", ex.getMessage());
		}
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, InvalidMessageException reason) {
		logger.warn("Document record {}-{}@{} is not a valid document, sent to the dead-letter topic: {}",
				record.topic(), record.partition(), record.offset(), reason.getMessage());
		while (this.running) {
			try {
				this.deadLetters.accept(record, reason);
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not publish document record {}-{}@{} to the dead-letter topic, retrying: {}",
						record.topic(), record.partition(), record.offset(), ex.getMessage());
				pause(RETRY);
			}
		}
	}

	/** Waits, unless stopped; returns whether it is still running. */
	private boolean pause(Duration duration) {
		try {
			return !this.stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS) && this.running;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
			return false;
		}
	}

}
