package dev.ragline.standalone.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.ragline.contracts.MessageJson;
import tools.jackson.core.JacksonException;

/**
 * query-ingest's HTTP API as {@code ./ragline ask} and {@code ./ragline status} call it,
 * with the JDK's HTTP client so the commands start in a moment, without a Spring context.
 * Every failure becomes a {@link QueryIngestException} with the line to print: a refusal
 * with its status and the problem's {@code detail}, a missing server with how to start
 * one.
 */
final class QueryIngestClient {

	static final String DEFAULT_URL = "http://127.0.0.1:8080";

	/** Where the API key comes from without {@code --api-key}. */
	static final String API_KEY_ENV = "RAGLINE_API_KEY";

	static final String API_KEY_HEADER = "X-API-Key";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** How long query-ingest may take to answer, beyond a long poll's wait. */
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http;

	private final String url;

	private final String apiKey;

	QueryIngestClient(String url, String apiKey) {
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.build();
		this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.apiKey = apiKey;
	}

	/**
	 * The client {@code --url=} and {@code --api-key=} (or {@value #API_KEY_ENV}) point
	 * to.
	 * @param apiKey {@code null} or blank for none
	 * @throws IllegalArgumentException when the URL is not an http(s) URL
	 */
	static QueryIngestClient of(String url, String apiKey) {
		String scheme = URI.create(url).getScheme();
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new IllegalArgumentException("--url must be an http:// or https:// URL, not '" + url + "'");
		}
		return new QueryIngestClient(url, (apiKey != null && !apiKey.isBlank()) ? apiKey.strip() : null);
	}

	/**
	 * {@code POST /api/queries}.
	 * @return 202 with {@code {"id": ...}}, or 200 with a whole {@code DONE} document
	 * from the answer cache
	 */
	HttpResponse<String> submit(String json) {
		return exchange(request("/api/queries", ANSWER_TIMEOUT).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * {@code GET /api/queries/{id}?wait=}: the document once it is final or when
	 * {@code wait} is over.
	 */
	String result(String id, Duration wait) {
		return exchange(
				request("/api/queries/" + id + "?wait=" + wait.toMillis() + "ms", ANSWER_TIMEOUT.plus(wait)).GET())
			.body();
	}

	/**
	 * {@code GET /api/queries/{id}/events}: every version of the document, until a final
	 * one. Close the reader to stop following.
	 */
	ServerSentEventReader events(String id) {
		HttpResponse<InputStream> response = send(
				request("/api/queries/" + id + "/events", null).header("Accept", "text/event-stream").GET(),
				BodyHandlers.ofInputStream());
		if (response.statusCode() >= 300) {
			throw refused(response.statusCode(), problemText(response.body()));
		}
		// the standard fixes the charset of an event stream
		return new ServerSentEventReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
	}

	/** {@code GET /api/pipeline}, as received. */
	String pipeline() {
		return exchange(request("/api/pipeline", ANSWER_TIMEOUT).GET()).body();
	}

	/** {@code GET /api/comparisons}: the report of the latest shadow comparisons. */
	String comparisons(int limit) {
		return exchange(request("/api/comparisons?limit=" + limit, ANSWER_TIMEOUT).GET()).body();
	}

	/**
	 * {@code PUT /api/experiment} with {@code json}, or {@code DELETE} when it is
	 * {@code null}: the experiment every llm-worker follows, as received.
	 */
	String shareExperiment(String json) {
		HttpRequest.Builder request = request("/api/experiment", ANSWER_TIMEOUT);
		return exchange((json != null)
				? request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json))
				: request.DELETE())
			.body();
	}

	/**
	 * A request with the API key, if any.
	 * @param timeout until the response headers, or {@code null} for none
	 */
	private HttpRequest.Builder request(String path, Duration timeout) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url + path));
		if (timeout != null) {
			request.timeout(timeout);
		}
		if (this.apiKey != null) {
			request.header(API_KEY_HEADER, this.apiKey);
		}
		return request;
	}

	private HttpResponse<String> exchange(HttpRequest.Builder request) {
		HttpResponse<String> response = send(request, BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw refused(response.statusCode(), response.body());
		}
		return response;
	}

	private <T> HttpResponse<T> send(HttpRequest.Builder request, BodyHandler<T> body) {
		try {
			return this.http.send(request.build(), body);
		}
		catch (ConnectException | HttpConnectTimeoutException ex) {
			throw new QueryIngestException(
					"no query-ingest at " + this.url + " (start ./ragline standalone, or pass --url=)", ex);
		}
		catch (IOException ex) {
			throw new QueryIngestException("query-ingest at " + this.url + " did not answer: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new QueryIngestException("interrupted while waiting for query-ingest at " + this.url, ex);
		}
	}

	private static String problemText(InputStream body) {
		try (body) {
			return new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * A refusal as {@code <status> <detail>}, from the problem document when there is
	 * one.
	 */
	private static QueryIngestException refused(int status, String body) {
		String detail = body.strip();
		try {
			Problem problem = MessageJson.read(body, Problem.class);
			detail = (problem.detail() != null && !problem.detail().isBlank()) ? problem.detail()
					: (problem.title() != null) ? problem.title() : detail;
		}
		catch (JacksonException ex) {
			// not a problem document (a proxy's page, say): the body as it is
		}
		return new QueryIngestException(detail.isEmpty() ? Integer.toString(status) : status + " " + detail);
	}

	/** The part of an RFC 9457 problem document worth a line on the terminal. */
	record Problem(String title, String detail) {

	}

}
