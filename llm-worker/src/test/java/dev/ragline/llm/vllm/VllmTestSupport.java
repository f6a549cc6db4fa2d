package dev.ragline.llm.vllm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.ragline.contracts.BackendUnavailableException;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.llm.vllm.VllmProperties.Api;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** Generators against a fake server, with the settings a test changes, and queries. */
final class VllmTestSupport {

	static final String MODEL = "served-model";

	private VllmTestSupport() {
	}

	/** Settings a test changes before building its generator. */
	static final class Settings {

		String baseUrl;

		String model = MODEL;

		Api api = Api.CHAT;

		boolean stream = true;

		Duration connectTimeout = Duration.ofSeconds(2);

		Duration readTimeout = Duration.ofSeconds(5);

		Duration callTimeout = Duration.ofSeconds(10);

		Integer contextLength;

		Settings(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		VllmProperties properties() {
			return new VllmProperties(this.baseUrl, this.model, null, this.api, this.stream, this.connectTimeout,
					this.readTimeout, this.callTimeout, this.contextLength,
					new VllmProperties.Retry(3, Duration.ofMillis(20), 2.0, 0.5),
					new VllmProperties.CircuitBreaker(true, 50, 20, 10, Duration.ofSeconds(30), 3));
		}

		/**
		 * A generator with a fresh client; {@code knowsServer}: it has read the server's
		 * models (and context length) before the first query, as a running worker has.
		 */
		VllmGenerator generator(boolean knowsServer) {
			return generator(CircuitBreaker.ofDefaults("test"), Clock.systemUTC(), knowsServer);
		}

		VllmGenerator generator(CircuitBreaker breaker, Clock clock, boolean knowsServer) {
			VllmProperties properties = properties();
			VllmClient client = new VllmClient(new dev.ragline.llm.http.HttpClientConfigurationAccess().httpClient(),
					properties);
			ServedModels served = new ServedModels(client, properties, clock);
			if (knowsServer) {
				served.refresh();
			}
			return new VllmGenerator(client, served, properties, breaker, clock);
		}

	}

	static Consumer<String> ignored() {
		return (partial) -> {
		};
	}

	static RetrievedQuery query(int passages) {
		return query(passages, null);
	}

	static RetrievedQuery query(int passages, Instant deadline) {
		List<Passage> list = new ArrayList<>();
		for (int i = 0; i < passages; i++) {
			list.add(new Passage("doc-" + i, "Title " + i,
					("Passage number " + i + " says something about the sky. ").repeat(20).strip(), 1.0));
		}
		QueryMessage message = new QueryMessage(1, "q1", "Why is the sky blue?", null, null, null, deadline, null);
		return new RetrievedQuery(message, list, Instant.now());
	}

	/** The reroute a generation ends in. */
	static BackendUnavailableException rerouted(VllmGenerator generator, RetrievedQuery query) {
		return rerouted(generator, query, ignored());
	}

	/** The reroute a generation ends in, the answer so far passed to {@code partials}. */
	static BackendUnavailableException rerouted(VllmGenerator generator, RetrievedQuery query,
			Consumer<String> partials) {
		try {
			generator.generate(query, 8, 0, partials);
		}
		catch (BackendUnavailableException ex) {
			return ex;
		}
		throw new AssertionError("expected the call to fail");
	}

}
