package dev.ragline.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.ragline.contracts.MessageJson;
import tools.jackson.databind.JsonNode;

/** A plain JDK HTTP client for tests, as curl would call the API. */
public final class HttpJson {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private HttpJson() {
	}

	public static Response get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	public static Response postJson(String url, String body) {
		return post(url, "application/json", body);
	}

	public static Response putJson(String url, String body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	public static Response delete(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
	}

	public static Response post(String url, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = CLIENT.send(request.timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP call failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** Status, headers and body of an answer. */
	public record Response(int status, java.net.http.HttpHeaders headers, String body) {

		public JsonNode json() {
			return MessageJson.mapper().readTree(this.body);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
