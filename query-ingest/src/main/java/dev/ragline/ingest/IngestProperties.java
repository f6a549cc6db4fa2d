package dev.ragline.ingest;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP front door ({@code ragline.ingest.*}).
 *
 * @param publishTimeout how long a request waits for the broker to acknowledge its
 * records before it answers 503
 * @param retryAfter what the {@code Retry-After} header of a 503 suggests
 * @param maxQuerySize the largest {@code POST /api/queries} body
 * @param maxDocumentsSize the largest {@code POST /api/documents} body
 * @param maxWait the longest {@code GET /api/queries/{id}?wait=} a client may ask for
 * @param maxEventStream how long one event stream stays open at most
 * @param apiKeys accepted API keys ({@code X-API-Key} or {@code Authorization: Bearer});
 * none: the API is open
 * @param rateLimit requests per second each client (API key, or address without keys) may
 * make; 0: no limit
 * @param corsAllowedOrigins origins a browser page may call the API from; none: no CORS
 */
@ConfigurationProperties("ragline.ingest")
public record IngestProperties(@DefaultValue("10s") Duration publishTimeout, @DefaultValue("5s") Duration retryAfter,
		@DefaultValue("16KB") DataSize maxQuerySize, @DefaultValue("16MB") DataSize maxDocumentsSize,
		@DefaultValue("30s") Duration maxWait, @DefaultValue("10m") Duration maxEventStream,
		@DefaultValue List<String> apiKeys, @DefaultValue("0") int rateLimit,
		@DefaultValue List<String> corsAllowedOrigins) {

}
