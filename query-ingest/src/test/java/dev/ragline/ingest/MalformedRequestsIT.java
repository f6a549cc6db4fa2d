package dev.ragline.ingest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 malformed submissions, generated from a fixed seed: every one gets a 4xx with a
 * problem body, none a 5xx, and none leaves a record in Kafka.
 */
class MalformedRequestsIT {

	private static final int REQUESTS = 1000;

	private static final long SEED = 20261127L;

	/**
	 * Makers of defective requests: each one's output is invalid whatever the random
	 * draws.
	 */
	private static final List<Function<Random, Malformed>> MAKERS = List.of(
			(random) -> json("{\"question\": " + randomToken(random)),
			(random) -> json(randomBytes(random, 1 + random.nextInt(200))),
			(random) -> json("{\"question\":" + wrongType(random) + "}"),
			(random) -> json("{\"question\":\"ok?\",\"topK\":" + wrongNumber(random) + "}"),
			(random) -> json("{\"question\":\"ok?\",\"maxTokens\":" + wrongNumber(random) + "}"),
			(random) -> json("{\"question\":\"ok?\",\"temperature\":" + (3 + random.nextInt(1000)) + "}"),
			(random) -> json("{\"question\":\"ok?\",\"deadline\":\"" + randomToken(random) + "\"}"),
			(random) -> json("{\"question\":\"" + "q".repeat(4001 + random.nextInt(3000)) + "\"}"),
			(random) -> json("{\"question\":\"" + "x".repeat(17_000 + random.nextInt(20_000)) + "\"}"),
			(random) -> json("{\"question\":\"bad \\u" + String.format("%04x", controlCharacter(random)) + " char\"}"),
			(random) -> json("{\"question\":\"\\ud800 lone surrogate" + random.nextInt() + "\"}".replace("ok", "")),
			(random) -> json("{\"topK\":3,\"extra\":\"" + randomToken(random) + "\"}"),
			(random) -> json("{\"question\":\"   \"}"),
			(random) -> json("[\"question\",\"" + randomToken(random) + "\"]"),
			(random) -> json("\"just a string " + random.nextInt() + "\""), (random) -> json(""),
			(random) -> new Malformed("text/plain", utf8("{\"question\":\"fine?\"}")),
			(random) -> new Malformed("application/x-www-form-urlencoded", utf8("question=" + randomToken(random))),
			(random) -> new Malformed(null, utf8("{\"question\":\"no content type?\"}")),
			(random) -> json(new byte[] { '{', '"', 'q', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}' }),
			(random) -> json("{\"question\":\"ok?\",\"cache\":" + Integer.toString(random.nextInt()) + "}"),
			(random) -> json("{\"question\":\"ok?\"} trailing " + randomToken(random)));

	@Test
	void neverAnswers5xxAndNeverPublishesAnything() {
		TestScope scope = TestScope.create();
		try (IngestServer ingest = IngestServer.start(scope)) {
			String api = ingest.url("/api/queries");
			Random random = new Random(SEED);
			List<String> failures = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				Malformed request = MAKERS.get(i % MAKERS.size()).apply(random);
				HttpJson.Response response = send(api, request);
				if (response.status() < 400 || response.status() >= 500
						|| !String.valueOf(response.header("Content-Type")).startsWith("application/problem+json")) {
					failures.add(i + ": " + response.status() + " " + response.body());
				}
			}
			assertThat(failures).as("requests not refused with a 4xx problem").isEmpty();
			try (TopicReader reader = TopicReader.of(scope.queries())) {
				assertThat(reader.recordsBeforeMarkers(Duration.ofSeconds(30))).as("records published").isEmpty();
			}
		}
	}

	private static HttpJson.Response send(String api, Malformed request) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api))
			.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
		if (request.contentType() != null) {
			builder.header("Content-Type", request.contentType());
		}
		return HttpJson.send(builder);
	}

	private record Malformed(String contentType, byte[] body) {

	}

	private static Malformed json(String body) {
		return json(utf8(body));
	}

	private static Malformed json(byte[] body) {
		return new Malformed("application/json", body);
	}

	private static String wrongType(Random random) {
		return switch (random.nextInt(5)) {
			case 0 -> Integer.toString(random.nextInt());
			case 1 -> "true";
			case 2 -> "[\"" + randomToken(random) + "\"]";
			case 3 -> "{\"text\":\"" + randomToken(random) + "\"}";
			default -> "null";
		};
	}

	/** A control character other than tab and newline, which questions may contain. */
	private static int controlCharacter(Random random) {
		int c = random.nextInt(0x20);
		return (c == '\t' || c == '\n') ? 0x7f : c;
	}

	private static String wrongNumber(Random random) {
		return switch (random.nextInt(5)) {
			case 0 -> "\"" + random.nextInt(10) + "\"";
			case 1 -> Double.toString(0.5 + random.nextInt(10));
			case 2 -> "-" + (1 + random.nextInt(100));
			case 3 -> "1e309";
			default -> "99999999999999999999";
		};
	}

	private static String randomToken(Random random) {
		StringBuilder token = new StringBuilder();
		for (int i = 0; i < 1 + random.nextInt(30); i++) {
			token.append((char) ('a' + random.nextInt(26)));
		}
		return token.toString();
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		bytes[0] = (byte) 0xFF;
		return bytes;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
