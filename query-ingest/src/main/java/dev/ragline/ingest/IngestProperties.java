package dev.ragline.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP front door ({@code ragline.ingest.*}).
 *
 * @param publishTimeout how long a request waits for the broker to acknowledge its
 * records before it answers 503
 * @param retryAfter what the {@code Retry-After} header of a 503 suggests
 * @param maxDocumentsSize the largest {@code POST /api/documents} body
 */
@ConfigurationProperties("ragline.ingest")
public record IngestProperties(@DefaultValue("10s") Duration publishTimeout, @DefaultValue("5s") Duration retryAfter,
		@DefaultValue("16MB") DataSize maxDocumentsSize) {

}
