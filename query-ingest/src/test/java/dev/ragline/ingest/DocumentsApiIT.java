package dev.ragline.ingest;

import java.time.Duration;
import java.util.Map;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.contracts.MessageJson;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentsApiIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final TestScope scope = TestScope.create();

	private static IngestServer ingest;

	private static String api;

	@BeforeAll
	static void start() {
		ingest = IngestServer.start(scope, Map.of("ragline.ingest.max-documents-size", "2KB"));
		api = ingest.url("/api/documents");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void publishesAJsonArrayOfDocumentsKeyedByIdToTheDocumentsTopic() {
		HttpJson.Response response = HttpJson.postJson(api,
				"[{\"id\":\"a1\",\"title\":\"Tides\",\"text\":\"The moon pulls the sea.\"},"
						+ "{\"_id\":\"a2\",\"text\":\"Volcanoes erupt.\",\"source\":\"notes\"}]");

		assertThat(response.status()).isEqualTo(202);
		assertThat(response.json().path("accepted").asInt()).isEqualTo(2);
		try (TopicReader reader = TopicReader.of(scope.documents())) {
			ConsumerRecord<String, byte[]> record = reader.awaitKey("a2", TIMEOUT);
			assertThat(MessageJson.read(record.value(), DocumentMessage.class))
				.isEqualTo(DocumentMessage.of("a2", "", "Volcanoes erupt.", "notes"));
			reader.awaitKey("a1", TIMEOUT);
		}
	}

	@Test
	void acceptsJsonLines() {
		HttpJson.Response response = HttpJson.post(api, "application/x-ndjson",
				"{\"id\":\"l1\",\"text\":\"First line.\"}\n\n{\"id\":\"l2\",\"text\":\"Second line.\"}\n");

		assertThat(response.status()).isEqualTo(202);
		assertThat(response.json().path("accepted").asInt()).isEqualTo(2);
	}

	@Test
	void refusesTheWholeBatchNamingEveryInvalidDocument() {
		HttpJson.Response response = HttpJson.postJson(api,
				"[{\"id\":\"ok\",\"text\":\"fine\"},{\"id\":\"no-text\"},{\"text\":\"no id\"}]");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains("2 of 3 documents are invalid",
				"documents[1]: Not a valid document: text is missing or blank", "documents[2]", "none was published");
		try (TopicReader reader = TopicReader.of(scope.documents())) {
			assertThat(reader.recordsBeforeMarkers(TIMEOUT)).extracting(ConsumerRecord::key).doesNotContain("ok");
		}
	}

	@Test
	void refusesABodyOverTheSizeLimitWith413() {
		String big = "[{\"id\":\"big\",\"text\":\"" + "x".repeat(4096) + "\"}]";

		HttpJson.Response response = HttpJson.postJson(api, big);

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json().path("detail").asString())
			.matches("The request body is larger than \\d+ (KB|MB|bytes); send the documents in smaller batches");
	}

	@Test
	void deletesADocumentWithATombstone() {
		HttpJson.Response response = HttpJson
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/gone-1")).DELETE());

		assertThat(response.status()).isEqualTo(202);
		try (TopicReader reader = TopicReader.of(scope.documents())) {
			assertThat(reader.awaitKey("gone-1", TIMEOUT).value()).isNull();
		}
	}

}
