package dev.ragline.ingest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys, per-key rate limits and CORS, as a deployment switches them on. */
class SecuredApiIT {

	private static final String KEY = "s3cret-key-one";

	private static IngestServer ingest;

	private static String api;

	@BeforeAll
	static void start() {
		ingest = IngestServer.start(TestScope.create(), Map.of("ragline.ingest.api-keys", KEY + ",other-key",
				"ragline.ingest.rate-limit", 5, "ragline.ingest.cors-allowed-origins", "https://app.example"));
		api = ingest.url("/api/queries");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void refusesRequestsWithoutAValidKeyAndAcceptsBothHeaderForms() {
		HttpJson.Response missing = HttpJson.get(api + "/x");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(missing.json().path("detail").asString()).contains("X-API-Key");
		assertThat(get(api + "/x", "X-API-Key", "wrong").status()).isEqualTo(401);

		assertThat(get(api + "/x", "X-API-Key", KEY).status()).isEqualTo(404);
		assertThat(get(api + "/x", "Authorization", "Bearer other-key").status()).isEqualTo(404);
	}

	@Test
	void limitsEachKeyOnItsOwnAnswering429WithRetryAfter() {
		List<HttpJson.Response> burst = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			burst.add(get(api + "/x", "X-API-Key", KEY));
		}

		List<HttpJson.Response> limited = burst.stream().filter((response) -> response.status() == 429).toList();
		assertThat(limited).isNotEmpty();
		assertThat(limited.get(0).header("Retry-After")).isEqualTo("1");
		assertThat(limited.get(0).json().path("detail").asString()).contains("5 requests per second");
		assertThat(get(api + "/x", "X-API-Key", "other-key").status()).as("another key has its own budget")
			.isEqualTo(404);
	}

	@Test
	void letsAllowedBrowserOriginsCallTheApi() {
		HttpJson.Response preflight = HttpJson.send(HttpRequest.newBuilder(URI.create(api))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://app.example")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type,x-api-key"));

		assertThat(preflight.status()).isEqualTo(200);
		assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
		HttpJson.Response foreign = HttpJson.send(HttpRequest.newBuilder(URI.create(api))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST"));
		assertThat(foreign.status()).isEqualTo(403);
	}

	private static HttpJson.Response get(String url, String header, String value) {
		return HttpJson.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).GET());
	}

}
