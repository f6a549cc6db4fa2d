package dev.ragline.llm.http;

import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ragline.testsupport.FakeVllm;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's HTTP client sends a prompt at once: its sockets have {@code TCP_NODELAY},
 * so a request written as headers, then a body of several kilobytes, never waits ~40 ms
 * for the server's delayed ACK (Nagle's algorithm).
 */
class HttpClientConfigurationTest {

	@Test
	void everyConnectionToABackendHasTcpNoDelay() throws IOException {
		List<Boolean> noDelay = new CopyOnWriteArrayList<>();
		OkHttpClient client = new HttpClientConfiguration().httpClient(ObservationRegistry.NOOP)
			.newBuilder()
			.eventListener(new EventListener() {
				@Override
				public void connectionAcquired(Call call, Connection connection) {
					try {
						noDelay.add(connection.socket().getTcpNoDelay());
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}
			})
			.build();
		try (FakeVllm vllm = FakeVllm.start("m")) {
			String prompt = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(9000)
					+ "\"}]}";
			Request request = new Request.Builder().url(vllm.baseUrl() + "/v1/chat/completions")
				.post(RequestBody.create(prompt, MediaType.get("application/json")))
				.build();
			try (Response response = client.newCall(request).execute()) {
				assertThat(response.code()).isEqualTo(200);
			}
		}
		assertThat(noDelay).isNotEmpty().containsOnly(true);
	}

}
