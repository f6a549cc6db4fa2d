package dev.ragline.standalone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.MessageJson;
import dev.ragline.testsupport.TestInfrastructure;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class IndexCommandIT {

	@TempDir
	Path folder;

	@Test
	void publishesTextMarkdownAndJsonLinesFilesAsDocuments() throws Exception {
		Files.writeString(this.folder.resolve("notes.txt"), "Tides follow the moon.");
		Files.createDirectories(this.folder.resolve("guides"));
		Files.writeString(this.folder.resolve("guides/baking.md"), "Intro line\n# Baking bread\nYeast makes it rise.");
		Files.writeString(this.folder.resolve("beir.jsonl"),
				"{\"_id\":\"4983\",\"title\":\"White matter\",\"text\":\"Diffusion imaging.\",\"metadata\":{}}\n");
		Files.writeString(this.folder.resolve("ignored.pdf"), "not read");
		String topic = TestScope.create().documents();
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		int status = IndexCommand.run(
				new String[] { this.folder.toString(), "--topic", topic,
						"--bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers() },
				Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

		assertThat(status).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Published 3 documents");
		try (TopicReader reader = TopicReader.of(topic)) {
			DocumentMessage markdown = document(reader.awaitKey("guides/baking.md", Duration.ofSeconds(20)));
			assertThat(markdown.title()).isEqualTo("Baking bread");
			assertThat(markdown.text()).contains("Yeast makes it rise.");
			assertThat(document(reader.awaitKey("notes.txt", Duration.ofSeconds(20))).title()).isEqualTo("notes");
			assertThat(document(reader.awaitKey("4983", Duration.ofSeconds(20))).source()).isEqualTo("beir.jsonl");
			assertThat(reader.records()).extracting(ConsumerRecord::key)
				.containsExactlyInAnyOrderElementsOf(List.of("guides/baking.md", "notes.txt", "4983"));
		}
	}

	@Test
	void explainsItsUsageWhenThePathDoesNotExist() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int status = IndexCommand.run(new String[] { "/no/such/folder" }, Map.of(), System.out,
				new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(status).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("/no/such/folder does not exist",
				"PATH is a .txt, .md or .jsonl file");
	}

	@Test
	void explainsItselfOnHelpAndRefusesAnUnknownOption() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int help = IndexCommand.run(new String[] { "--help" }, Map.of(),
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
		int unknown = IndexCommand.run(new String[] { "docs", "--bootstrap=127.0.0.1:9092" }, Map.of(), System.out,
				new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(help).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: ragline index", "PATH", "--bootstrap-servers",
				"--topic");
		assertThat(unknown).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--bootstrap=127.0.0.1:9092'");
	}

	private static DocumentMessage document(ConsumerRecord<String, byte[]> record) {
		return MessageJson.read(record.value(), DocumentMessage.class);
	}

}
