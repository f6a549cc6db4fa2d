package dev.ragline.ingest;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryApiIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final TestScope scope = TestScope.create();

	private static IngestServer ingest;

	private static String api;

	@BeforeAll
	static void start() {
		ingest = IngestServer.start(scope);
		api = ingest.url("/api/queries");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void refusesABodyWithAKeyTwiceNamingTheKey() {
		HttpJson.Response response = HttpJson.postJson(api, "{\"question\":\"a\",\"question\":\"b\"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("field").asString()).isEqualTo("question");
		assertThat(response.json().path("detail").asString())
			.isEqualTo("The request body has the key \"question\" more than once; send each key once");
	}

	@Test
	void acceptsAQuestionWith202AndLocationOnceItIsInKafkaAndQueuedInRedis() {
		HttpJson.Response response = HttpJson.postJson(api, "{\"question\":\"Why is the sky blue?\",\"topK\":3}");

		assertThat(response.status()).isEqualTo(202);
		String id = response.json().path("id").asString();
		assertThat(response.json().path("status").asString()).isEqualTo("QUEUED");
		assertThat(response.header("Location")).endsWith("/api/queries/" + id);
		try (TopicReader reader = TopicReader.of(scope.queries())) {
			ConsumerRecord<String, byte[]> record = reader.awaitKey(id, TIMEOUT);
			QueryMessage message = MessageJson.read(record.value(), QueryMessage.class);
			assertThat(message.question()).isEqualTo("Why is the sky blue?");
			assertThat(message.topK()).isEqualTo(3);
			assertThat(record.headers().toArray()).as("no Java type headers, only the trace context")
				.extracting(Header::key)
				.containsOnly("traceparent");
		}
		HttpJson.Response polled = HttpJson.get(api + "/" + id);
		assertThat(polled.status()).isEqualTo(200);
		assertThat(polled.json().path("status").asString()).isEqualTo("QUEUED");
		assertThat(polled.body()).isEqualTo(ingest.bean(ResultStore.class).findJson(id).orElseThrow());
	}

	@Test
	void answersUnknownIdsWith404ProblemDetails() {
		HttpJson.Response response = HttpJson.get(api + "/no-such-id");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains("no-such-id", "never submitted or");
	}

	@Test
	void rejectsMalformedRequestsWith4xxSayingWhatIsWrong() {
		HttpJson.Response notJson = HttpJson.postJson(api, "{\"question\": ");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.header("Content-Type")).startsWith("application/problem+json");
		assertThat(notJson.json().path("detail").asString()).contains("not valid JSON");

		HttpJson.Response noQuestion = HttpJson.postJson(api, "{\"q\":\"typo\"}");
		assertThat(noQuestion.status()).isEqualTo(400);
		assertThat(noQuestion.json().path("field").asString()).isEqualTo("question");

		HttpJson.Response form = HttpJson.post(api, "application/x-www-form-urlencoded", "question=hi");
		assertThat(form.status()).isEqualTo(415);
		assertThat(form.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void answers503AndRefusesTheQueryForGoodWhenKafkaDoesNotAcknowledge() throws Exception {
		TestScope isolated = TestScope.create();
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (IngestServer unreachable = IngestServer.start(isolated,
				Map.of("spring.kafka.bootstrap-servers", "127.0.0.1:" + closedPort,
						"spring.kafka.producer.properties.max.block.ms", 1500, "ragline.ingest.publish-timeout", "2s",
						"spring.kafka.admin.auto-create", false))) {
			String url = unreachable.url("/api/queries");

			HttpJson.Response response = HttpJson.postJson(url, "{\"question\":\"Anyone there?\"}");

			assertThat(response.status()).isEqualTo(503);
			assertThat(response.header("Retry-After")).isEqualTo("5");
			assertThat(response.json().path("detail").asString()).contains("Kafka did not acknowledge");
			String id = response.json().path("id").asString();
			HttpJson.Response refused = HttpJson.get(url + "/" + id);
			assertThat(refused.json().path("status").asString()).as("nothing left QUEUED").isEqualTo("FAILED");
			assertThat(refused.json().path("error").path("code").asString()).isEqualTo("NOT_ACCEPTED");
		}
	}

}
