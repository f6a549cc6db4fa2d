package dev.ragline.llm.http;

import java.time.Duration;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one HTTP client of the worker. Each backend derives its own with
 * {@code newBuilder()}, so all share one connection pool, dispatcher and socket factory
 * (sockets with {@code TCP_NODELAY}, see {@link NoDelaySocketFactory}).
 */
@Configuration(proxyBeanMethods = false)
class HttpClientConfiguration {

	private static final int MAX_IDLE_CONNECTIONS = 64;

	/**
	 * Shorter than uvicorn's 5 s keep-alive, so vLLM never closes a connection we are
	 * reusing.
	 */
	private static final Duration KEEP_ALIVE = Duration.ofSeconds(4);

	private static final int MAX_REQUESTS = 512;

	@Bean
	OkHttpClient httpClient() {
		Dispatcher dispatcher = new Dispatcher();
		dispatcher.setMaxRequests(MAX_REQUESTS);
		dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
		return new OkHttpClient.Builder().dispatcher(dispatcher)
			.connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(),
					java.util.concurrent.TimeUnit.MILLISECONDS))
			.retryOnConnectionFailure(true)
			.socketFactory(new NoDelaySocketFactory())
			.build();
	}

}
