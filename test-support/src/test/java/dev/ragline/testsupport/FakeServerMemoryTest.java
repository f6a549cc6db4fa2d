package dev.ragline.testsupport;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fake LLM servers keep of the requests they answer: nothing in MockWebServer's
 * own queue, and nothing of their own once told not to record (a load run sends thousands
 * of 9 KB prompts).
 */
class FakeServerMemoryTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aServerThatForgetsWhatItServedKeepsNothingInMockWebServersQueue() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					ServedRequests.forgetOne(server);
					return new MockResponse.Builder().code(200).body("ok").build();
				}
			});
			server.start(InetAddress.getLoopbackAddress(), 0);
			for (int i = 0; i < 5; i++) {
				get("http://127.0.0.1:" + server.getPort() + "/" + i);
			}
			assertThat(server.getRequestCount()).isEqualTo(5);
			assertThat(server.takeRequest(0, TimeUnit.NANOSECONDS)).as("a request left in the queue").isNull();
		}
	}

	@Test
	void aFakeVllmWithoutRecordingKeepsWhatItHadAndNothingMore() throws Exception {
		try (FakeVllm vllm = FakeVllm.start("served-model")) {
			get(vllm.baseUrl() + "/v1/models");
			get(vllm.baseUrl() + "/v1/models");
			assertThat(vllm.requests()).hasSize(2);

			vllm.withoutRecording();
			get(vllm.baseUrl() + "/v1/models");

			assertThat(vllm.requests()).hasSize(2);
		}
	}

	private void get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

}
