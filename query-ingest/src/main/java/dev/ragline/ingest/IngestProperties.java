package dev.ragline.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP front door ({@code ragline.ingest.*}).
 *
 * @param publishTimeout how long a submission waits for the broker to acknowledge the
 * query before it answers 503
 * @param retryAfter what the {@code Retry-After} header of a 503 suggests
 */
@ConfigurationProperties("ragline.ingest")
public record IngestProperties(@DefaultValue("10s") Duration publishTimeout, @DefaultValue("5s") Duration retryAfter) {

}
