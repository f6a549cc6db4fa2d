package dev.ragline.ingest;

import java.util.Map;

import dev.ragline.testsupport.TestScope;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * query-ingest on a free loopback port, on a test scope's topics and Redis keys, for the
 * tests that talk to it over HTTP.
 *
 * @param context the running application
 * @param baseUrl {@code http://127.0.0.1:<port>}
 */
record IngestServer(ConfigurableApplicationContext context, String baseUrl) implements AutoCloseable {

	static IngestServer start(TestScope scope) {
		return start(scope, Map.of());
	}

	/** Starts it with {@code settings} on top of the scope's. */
	static IngestServer start(TestScope scope, Map<String, Object> settings) {
		ConfigurableApplicationContext context = QueryIngestApplication.builder()
			.properties(scope.properties())
			.properties(Map.of("server.port", 0))
			.properties(settings)
			.run();
		return new IngestServer(context,
				"http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
	}

	/** The URL of {@code path} on this server, e.g. {@code /api/queries}. */
	String url(String path) {
		return this.baseUrl + path;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
