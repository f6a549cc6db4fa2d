package dev.ragline.ingest.security;

import java.io.IOException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.ragline.ingest.api.ClientIdentity;
import dev.ragline.ingest.api.ProblemResponses;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code limit} API requests per second per client (API key, or address without
 * keys), with Resilience4j's rate limiter; more get 429 with {@code Retry-After}.
 *
 * <p>
 * One limiter per client, kept while the client is active: a limiter idle for longer than
 * a period has its whole budget back anyway, so it is dropped after
 * {@value #IDLE_SECONDS} s, and at most {@code maxClients} are kept, so memory stays
 * bounded however many addresses send requests.
 */
class RateLimitFilter extends OncePerRequestFilter {

	static final long DEFAULT_MAX_CLIENTS = 100_000;

	private static final Duration PERIOD = Duration.ofSeconds(1);

	private static final long IDLE_SECONDS = 60;

	private final LoadingCache<String, RateLimiter> limiters;

	private final int limit;

	RateLimitFilter(int limit) {
		this(limit, DEFAULT_MAX_CLIENTS);
	}

	RateLimitFilter(int limit, long maxClients) {
		this.limit = limit;
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitForPeriod(limit)
			.limitRefreshPeriod(PERIOD)
			.timeoutDuration(Duration.ZERO)
			.build();
		this.limiters = Caffeine.newBuilder()
			.maximumSize(maxClients)
			.expireAfterAccess(Duration.ofSeconds(IDLE_SECONDS))
			.build((client) -> RateLimiter.of("client", config));
	}

	/** How many clients have a limiter now. */
	long trackedClients() {
		this.limiters.cleanUp();
		return this.limiters.estimatedSize();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RateLimiter limiter = this.limiters.get(ClientIdentity.of(request));
		if (limiter.acquirePermission()) {
			chain.doFilter(request, response);
			return;
		}
		// permissions come back with the next one-second period
		long seconds = PERIOD.toSeconds();
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
				"At most " + this.limit + " requests per second are allowed per client; retry after " + seconds + " s");
	}

}
