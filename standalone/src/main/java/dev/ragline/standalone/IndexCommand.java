package dev.ragline.standalone;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.Topics;
import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.kafka.DocumentPublisher;
import dev.ragline.kafka.PipelineProducers;
import dev.ragline.retriever.documents.DocumentFiles;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * {@code ./ragline index PATH}: publishes the documents under PATH ({@code .txt},
 * {@code .md}, BEIR-style {@code .jsonl}) to the documents topic, where every retriever
 * picks them up. Options: {@code --bootstrap-servers=} (or
 * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}; default the standalone broker) and
 * {@code --topic=} (or {@code RAGLINE_TOPICS_DOCUMENTS}).
 */
final class IndexCommand {

	static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

	private static final int BATCH = 500;

	private IndexCommand() {
	}

	static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		String bootstrap = env.getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS",
				"127.0.0.1:" + LocalKafkaBroker.DEFAULT_PORT);
		String topic = env.getOrDefault("RAGLINE_TOPICS_DOCUMENTS", Topics.DOCUMENTS);
		Path path = null;
		for (String arg : args) {
			if (arg.startsWith("--bootstrap-servers=")) {
				bootstrap = arg.substring("--bootstrap-servers=".length());
			}
			else if (arg.startsWith("--topic=")) {
				topic = arg.substring("--topic=".length());
			}
			else if (!arg.startsWith("--")) {
				path = Path.of(arg);
			}
		}
		if (path == null || !Files.exists(path)) {
			err.println("Usage: ./ragline index PATH [--bootstrap-servers=127.0.0.1:9092] [--topic=ragline.documents]");
			err.println("PATH is a .txt, .md or .jsonl file, or a directory of them"
					+ ((path != null) ? "; " + path + " does not exist" : ""));
			return 2;
		}
		List<DocumentMessage> documents;
		try {
			documents = DocumentFiles.read(path);
		}
		catch (IllegalArgumentException ex) {
			err.println("Cannot index " + path + ": " + ex.getMessage());
			return 1;
		}
		KafkaTemplate<String, byte[]> kafka = PipelineProducers.template(bootstrap);
		try {
			DocumentPublisher publisher = new DocumentPublisher(kafka, topic, PUBLISH_TIMEOUT);
			for (int start = 0; start < documents.size(); start += BATCH) {
				publisher.publish(documents.subList(start, Math.min(documents.size(), start + BATCH)));
			}
			out.printf("Published %d documents from %s to %s at %s%n", documents.size(), path, topic, bootstrap);
			return 0;
		}
		catch (RuntimeException ex) {
			err.println("Could not publish to " + topic + " at " + bootstrap + ": " + ex.getMessage());
			return 1;
		}
		finally {
			kafka.getProducerFactory().reset();
		}
	}

}
