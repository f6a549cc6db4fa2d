package dev.ragline.standalone.infra;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.ragline.kafka.DocumentPublisher;
import dev.ragline.kafka.PipelineProducers;
import dev.ragline.kafka.PipelineTopics;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.retriever.documents.SampleCorpus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Gives a broker the pipeline's topics (the documents topic compacted, as the services
 * would create it; existing topics are left as they are) and, when the documents topic is
 * empty, the sample corpus, published the way any corpus is.
 */
final class PipelineSetup {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private PipelineSetup() {
	}

	/**
	 * @return how many sample documents were published (0 when the topic had some)
	 */
	static int prepare(String bootstrapServers, boolean sampleCorpus, String... args) {
		TopicsProperties topics = topics(args);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			createMissing(admin, PipelineTopics.all(topics));
			if (!sampleCorpus || documentsIn(admin, topics.documents()) > 0) {
				return 0;
			}
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException(
					"Cannot create the pipeline's topics on " + bootstrapServers + ": " + ex.getCause(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating topics", ex);
		}
		KafkaTemplate<String, byte[]> kafka = PipelineProducers.template(bootstrapServers);
		try {
			new DocumentPublisher(kafka, topics.documents(), TIMEOUT).publish(SampleCorpus.documents());
			return SampleCorpus.documents().size();
		}
		finally {
			kafka.getProducerFactory().reset();
		}
	}

	private static void createMissing(Admin admin, List<NewTopic> topics)
			throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
		Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		List<NewTopic> missing = topics.stream().filter((topic) -> !existing.contains(topic.name())).toList();
		if (!missing.isEmpty()) {
			admin.createTopics(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Records ever written to {@code topic}: the sum of its partitions' end offsets. A
	 * topic created a moment ago may be unknown to the broker's metadata yet, or have no
	 * leader: both are retried until {@link #TIMEOUT}.
	 */
	private static long documentsIn(Admin admin, String topic)
			throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			try {
				return endOffsetsSum(admin, topic);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
	}

	private static long endOffsetsSum(Admin admin, String topic)
			throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
		int partitions = admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.get(topic)
			.partitions()
			.size();
		Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, partitions)
			.boxed()
			.collect(Collectors.toMap((partition) -> new TopicPartition(topic, partition),
					(partition) -> OffsetSpec.latest()));
		return admin.listOffsets(latest)
			.all()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.values()
			.stream()
			.mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
			.sum();
	}

	/**
	 * Topic settings as the services will see them: defaults, environment variables,
	 * arguments.
	 */
	static TopicsProperties topics(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return Binder.get(environment).bindOrCreate("ragline.topics", TopicsProperties.class);
	}

}
