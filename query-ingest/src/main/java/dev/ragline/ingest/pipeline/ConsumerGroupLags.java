package dev.ragline.ingest.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The lag of every consumer group that reads one of the pipeline's topics, from the
 * broker: committed offsets against end offsets, per partition, summed. A partition the
 * group never committed counts from its first record, as the group will read it
 * ({@code auto.offset.reset=earliest}). A group whose members all died still has its
 * offsets, so its lag shows with 0 members: work that nobody does.
 */
class ConsumerGroupLags {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	/** Rates over a shorter span are too noisy to show; the last one stays. */
	private static final Duration MIN_RATE_SPAN = Duration.ofSeconds(1);

	private final Admin admin;

	private final Map<String, String> stageByTopic;

	private final Clock clock;

	private final Map<String, Sample> previous = new HashMap<>();

	private record Sample(long atMillis, long committed, Double rate) {

	}

	/**
	 * @param stageByTopic the pipeline's topics and the stage reading each, in the order
	 * to show them
	 */
	ConsumerGroupLags(Admin admin, Map<String, String> stageByTopic, Clock clock) {
		this.admin = admin;
		this.stageByTopic = new LinkedHashMap<>(stageByTopic);
		this.clock = clock;
	}

	List<PipelineView.GroupLag> read() throws InterruptedException, ExecutionException, TimeoutException {
		Map<String, TopicDescription> topics = existingTopics();
		List<TopicPartition> partitions = topics.values()
			.stream()
			.flatMap((topic) -> topic.partitions()
				.stream()
				.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
			.toList();
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
		Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
		Collection<GroupListing> listings = await(this.admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
		List<String> groupIds = listings.stream().map(GroupListing::groupId).toList();
		if (groupIds.isEmpty()) {
			return List.of();
		}
		Map<String, ListConsumerGroupOffsetsSpec> specs = groupIds.stream()
			.collect(Collectors.toMap((id) -> id, (id) -> new ListConsumerGroupOffsetsSpec()));
		Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
		var offsets = this.admin.listConsumerGroupOffsets(specs);
		for (String group : groupIds) {
			committed.put(group, await(offsets.partitionsToOffsetAndMetadata(group)));
		}
		Map<String, ConsumerGroupDescription> descriptions = await(this.admin.describeConsumerGroups(groupIds).all());
		List<PipelineView.GroupLag> lags = new ArrayList<>();
		for (String group : groupIds) {
			Set<String> read = topicsRead(committed.get(group), descriptions.get(group));
			read.retainAll(topics.keySet());
			for (String topic : read) {
				lags.add(lag(group, topic, topics.get(topic).partitions().size(), committed.get(group),
						descriptions.get(group), ends, starts));
			}
		}
		List<String> order = List.copyOf(this.stageByTopic.keySet());
		lags.sort(Comparator.comparing((PipelineView.GroupLag lag) -> order.indexOf(lag.topic()))
			.thenComparing(PipelineView.GroupLag::group));
		return lags;
	}

	/** The pipeline topics a group has offsets on or members assigned to. */
	private Set<String> topicsRead(Map<TopicPartition, OffsetAndMetadata> committed,
			ConsumerGroupDescription description) {
		Set<String> topics = committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
		if (description != null) {
			description.members()
				.forEach((member) -> member.assignment()
					.topicPartitions()
					.forEach((partition) -> topics.add(partition.topic())));
		}
		topics.retainAll(this.stageByTopic.keySet());
		return topics;
	}

	/** The pipeline topics that exist: a service creates its topics when it starts. */
	private Map<String, TopicDescription> existingTopics()
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<String, TopicDescription> topics = new HashMap<>();
		var described = this.admin.describeTopics(this.stageByTopic.keySet()).topicNameValues();
		for (var topic : described.entrySet()) {
			try {
				topics.put(topic.getKey(), await(topic.getValue()));
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
					throw ex;
				}
			}
		}
		return topics;
	}

	private PipelineView.GroupLag lag(String group, String topic, int partitionCount,
			Map<TopicPartition, OffsetAndMetadata> committed, ConsumerGroupDescription description,
			Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts) {
		long lag = 0;
		long committedSum = 0;
		for (int partition = 0; partition < partitionCount; partition++) {
			TopicPartition topicPartition = new TopicPartition(topic, partition);
			OffsetAndMetadata offset = committed.get(topicPartition);
			long end = ends.getOrDefault(topicPartition, 0L);
			long position = (offset != null) ? offset.offset() : starts.getOrDefault(topicPartition, 0L);
			lag += Math.max(0, end - position);
			committedSum += position;
		}
		int members = (description != null) ? (int) description.members()
			.stream()
			.filter((member) -> member.assignment()
				.topicPartitions()
				.stream()
				.anyMatch((partition) -> partition.topic().equals(topic)))
			.count() : 0;
		return new PipelineView.GroupLag(this.stageByTopic.get(topic), topic, group, members, partitionCount, lag,
				rate(group + "/" + topic, committedSum));
	}

	/** Records committed per second since the previous look. */
	private synchronized Double rate(String key, long committed) {
		long now = this.clock.millis();
		Sample last = this.previous.get(key);
		if (last != null && now - last.atMillis() < MIN_RATE_SPAN.toMillis()) {
			return last.rate();
		}
		Double rate = (last == null) ? null
				: Math.max(0, committed - last.committed()) * 1000.0 / (now - last.atMillis());
		this.previous.put(key, new Sample(now, committed, rate));
		return rate;
	}

	private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<TopicPartition, OffsetSpec> request = partitions.stream()
			.collect(Collectors.toMap((partition) -> partition, (partition) -> spec));
		Map<TopicPartition, ListOffsetsResultInfo> answer = await(this.admin.listOffsets(request).all());
		Map<TopicPartition, Long> offsets = new HashMap<>();
		answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	private static <T> T await(KafkaFuture<T> future)
			throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

}
