package dev.ragline.standalone;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.Topics;
import dev.ragline.infra.LocalKafkaBroker;
import dev.ragline.kafka.DocumentPublisher;
import dev.ragline.kafka.PipelineProducers;
import dev.ragline.retriever.documents.DocumentFiles;
import dev.ragline.retriever.documents.Progress;
import dev.ragline.standalone.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * {@code ./ragline index PATH}: publishes the documents under PATH ({@code .txt},
 * {@code .md}, BEIR-style {@code .jsonl}) to the documents topic, where every retriever
 * picks them up.
 */
@Command(name = "ragline index", sortOptions = false,
		description = "Publish the documents under PATH to the documents topic; every retriever indexes them.")
final class IndexCommand implements Callable<Integer> {

	static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

	private static final int BATCH = 500;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "show this help and exit")
	private boolean help;

	@Parameters(index = "0", paramLabel = "PATH", description = "a .txt, .md or .jsonl file, or a directory of them")
	private Path path;

	@Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
			description = "the Kafka broker (default: SPRING_KAFKA_BOOTSTRAP_SERVERS, else the standalone broker "
					+ "on 127.0.0.1:" + LocalKafkaBroker.DEFAULT_PORT + ")")
	private String bootstrap;

	@Option(names = "--topic", paramLabel = "TOPIC",
			description = "the documents topic (default: RAGLINE_TOPICS_DOCUMENTS, else " + Topics.DOCUMENTS + ")")
	private String topic;

	private final Map<String, String> env;

	private final PrintStream out;

	private final PrintStream err;

	private IndexCommand(Map<String, String> env, PrintStream out, PrintStream err) {
		this.env = env;
		this.out = out;
		this.err = err;
	}

	static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		return CommandLines.of(new IndexCommand(env, out, err), out, err).execute(args);
	}

	@Override
	public Integer call() {
		String bootstrap = (this.bootstrap != null) ? this.bootstrap
				: this.env.getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + LocalKafkaBroker.DEFAULT_PORT);
		String topic = (this.topic != null) ? this.topic
				: this.env.getOrDefault("RAGLINE_TOPICS_DOCUMENTS", Topics.DOCUMENTS);
		if (!Files.exists(this.path)) {
			this.err.println("index: " + this.path + " does not exist; PATH is a .txt, .md or .jsonl file, or a "
					+ "directory of them");
			return 2;
		}
		List<DocumentMessage> documents;
		try {
			documents = DocumentFiles.read(this.path);
		}
		catch (IllegalArgumentException ex) {
			this.err.println("Cannot index " + this.path + ": " + ex.getMessage());
			return 1;
		}
		KafkaTemplate<String, byte[]> kafka = PipelineProducers.template(bootstrap);
		try {
			DocumentPublisher publisher = new DocumentPublisher(kafka, topic, PUBLISH_TIMEOUT);
			long start = System.nanoTime();
			for (int from = 0; from < documents.size(); from += BATCH) {
				int to = Math.min(documents.size(), from + BATCH);
				publisher.publish(documents.subList(from, to));
				this.err.print("\rPublishing "
						+ new Progress(to, documents.size(), Duration.ofNanos(System.nanoTime() - start)).bar(30,
								"documents")
						+ "   ");
			}
			this.err.println();
			this.out.printf("Published %d documents from %s to %s at %s%n", documents.size(), this.path, topic,
					bootstrap);
			return 0;
		}
		catch (RuntimeException ex) {
			this.err.println();
			this.err.println("Could not publish to " + topic + " at " + bootstrap + ": " + ex.getMessage());
			return 1;
		}
		finally {
			kafka.getProducerFactory().reset();
		}
	}

}
