package dev.ragline.llm.http;

import io.micrometer.observation.ObservationRegistry;
import okhttp3.OkHttpClient;

/** The worker's own HTTP client, for tests in other packages. */
public final class HttpClientConfigurationAccess {

	public OkHttpClient httpClient() {
		return new HttpClientConfiguration().httpClient(ObservationRegistry.NOOP);
	}

}
