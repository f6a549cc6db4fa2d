package dev.ragline.llm.http;

import java.time.Duration;

import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one HTTP client of the worker. Each backend derives its own with
 * {@code newBuilder()}, so all share one connection pool, dispatcher and socket factory
 * (sockets with {@code TCP_NODELAY}, see {@link NoDelaySocketFactory}). Every call is
 * observed ({@code http.client.requests}): a span in the query's trace, whose
 * {@code traceparent} header goes to the backend.
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
	OkHttpClient httpClient(ObjectProvider<ObservationRegistry> observations) {
		return httpClient(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	OkHttpClient httpClient(ObservationRegistry observations) {
		Dispatcher dispatcher = new Dispatcher();
		dispatcher.setMaxRequests(MAX_REQUESTS);
		dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
		return new OkHttpClient.Builder().dispatcher(dispatcher)
			.connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(),
					java.util.concurrent.TimeUnit.MILLISECONDS))
			.retryOnConnectionFailure(true)
			.socketFactory(new NoDelaySocketFactory())
			.addInterceptor(OkHttpObservationInterceptor.builder(observations, "http.client.requests").build())
			.build();
	}

}
