package dev.ragline.ingest.security;

import java.io.IOException;
import java.time.Duration;

import dev.ragline.ingest.api.ClientIdentity;
import dev.ragline.ingest.api.ProblemResponses;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
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
 */
class RateLimitFilter extends OncePerRequestFilter {

	private static final Duration PERIOD = Duration.ofSeconds(1);

	private final RateLimiterRegistry limiters;

	private final int limit;

	RateLimitFilter(int limit) {
		this.limit = limit;
		this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
			.limitForPeriod(limit)
			.limitRefreshPeriod(PERIOD)
			.timeoutDuration(Duration.ZERO)
			.build());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RateLimiter limiter = this.limiters.rateLimiter(ClientIdentity.of(request));
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
