package dev.ragline.retriever;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.MessageJson;
import dev.ragline.embedding.EmbeddingModel;
import dev.ragline.embedding.OnnxEmbedder;
import dev.ragline.retriever.documents.SampleCorpus;
import dev.ragline.retriever.index.IndexDirectory;
import dev.ragline.retriever.index.PassageIndex;
import dev.ragline.retriever.index.PassageSplitter;
import dev.ragline.retriever.index.RankFusion;
import dev.ragline.retriever.index.RetrievalMode;
import dev.ragline.testsupport.ChildJvm;
import dev.ragline.testsupport.TestInfrastructure;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A retriever killed with {@code kill -9} while it indexes (a process of its own, hybrid
 * retrieval, snapshots every second) restarts from its last snapshot, replays only the
 * rest, and ends with an index equal to the topic; a third start on the finished snapshot
 * has nothing to replay.
 */
class RetrieverSnapshotCrashIT {

	private static final int DOCUMENTS = 320;

	private static final Pattern TO_CATCH_UP = Pattern.compile(
			"Reading \\S+ from (the beginning|the index " + "snapshot's offsets): (\\d+) records to catch up with");

	@TempDir
	Path snapshots;

	@Test
	void aRetrieverKilledWhileIndexingResumesFromItsSnapshotAndConvergesToTheTopic() throws Exception {
		TestScope scope = TestScope.create();
		Map<String, byte[]> corpus = new LinkedHashMap<>();
		SampleCorpus.documents()
			.stream()
			.limit(DOCUMENTS)
			.forEach((document) -> corpus.put(document.id(), MessageJson.toBytes(document)));
		TopicReader.publishAll(scope.documents(), corpus);
		List<String> arguments = arguments(scope);

		try (ChildJvm doomed = ChildJvm.start(RetrieverWorkerApplication.class, arguments,
				Path.of("target", "snapshot-crash-it-first.log"))) {
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> hasSnapshot() || doomed.output().contains("Caught up with"));
			doomed.kill();
			assertThat(doomed.output()).as("killed while indexing").doesNotContain("Caught up with");
		}

		int replayed;
		try (ChildJvm restarted = ChildJvm.start(RetrieverWorkerApplication.class, arguments,
				Path.of("target", "snapshot-crash-it-second.log"))) {
			String output = restarted.awaitOutput("Caught up with", Duration.ofMinutes(3));
			assertThat(output).contains("Opened the index snapshot");
			replayed = recordsToCatchUp(output);
			assertThat(replayed).as("only what the snapshot lacked").isBetween(1, DOCUMENTS - 1);
			restarted.terminate();
			assertThat(restarted.awaitExit(Duration.ofSeconds(30))).isPresent();
		}

		long start = System.nanoTime();
		try (ChildJvm third = ChildJvm.start(RetrieverWorkerApplication.class, arguments,
				Path.of("target", "snapshot-crash-it-third.log"))) {
			String output = third.awaitOutput("Caught up with", Duration.ofMinutes(2));
			System.out.printf(
					"Retriever on a finished snapshot of %d documents: ready %.1f s after its JVM started "
							+ "(%d records replayed after the crash)%n",
					DOCUMENTS, (System.nanoTime() - start) / 1e9, replayed);
			assertThat(recordsToCatchUp(output)).isZero();
			third.terminate();
			assertThat(third.awaitExit(Duration.ofSeconds(30))).isPresent();
		}

		try (OnnxEmbedder embedder = new OnnxEmbedder(EmbeddingModel.BGE_SMALL_EN_V15, 2);
				PassageIndex index = new PassageIndex(new PassageSplitter(400, 80), embedder,
						new RankFusion(RankFusion.DEFAULT_K), IndexDirectory.claim(this.snapshots))) {
			assertThat(index.restored()).as("the snapshot the retriever left").isPresent();
			assertThat(index.restored().get().offsets()).isEqualTo(endOffsets(scope.documents()));
			assertThat(index.size().documents()).isEqualTo(DOCUMENTS);
			List<String> missing = new ArrayList<>();
			for (DocumentMessage document : SampleCorpus.documents().subList(0, DOCUMENTS)) {
				if (!index.searchDocuments(document.title(), 10, RetrievalMode.HYBRID, 20).contains(document.id())) {
					missing.add(document.id());
				}
			}
			assertThat(missing).as("documents not found by their own title").hasSizeLessThan(DOCUMENTS / 50);
		}
	}

	private List<String> arguments(TestScope scope) {
		Map<String, Object> settings = new LinkedHashMap<>(scope.properties());
		settings.put("spring.main.web-application-type", "none");
		settings.put("ragline.retriever.mode", "hybrid");
		settings.put("ragline.retriever.embedding-threads", "1");
		settings.put("ragline.retriever.index-directory", this.snapshots);
		settings.put("ragline.retriever.snapshot-interval", "1s");
		List<String> arguments = new ArrayList<>();
		settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments;
	}

	private boolean hasSnapshot() throws Exception {
		Path slot = this.snapshots.resolve("replica-0");
		if (!Files.isDirectory(slot)) {
			return false;
		}
		try (Stream<Path> files = Files.list(slot)) {
			return files.anyMatch((file) -> file.getFileName().toString().startsWith("segments_"));
		}
	}

	private static int recordsToCatchUp(String output) {
		Matcher matcher = TO_CATCH_UP.matcher(output);
		assertThat(matcher.find()).as("says how much it replays: %s", output).isTrue();
		return Integer.parseInt(matcher.group(2));
	}

	private static Map<Integer, Long> endOffsets(String topic) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()))) {
			int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
			for (int partition = 0; partition < partitions; partition++) {
				latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
			Map<Integer, Long> ends = new LinkedHashMap<>();
			admin.listOffsets(latest)
				.all()
				.get()
				.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
			return ends;
		}
	}

}
