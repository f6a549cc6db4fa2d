package dev.ragline.ingest.security;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTest {

	@Test
	void answers429WithRetryAfterOnceAClientUsedItsBudgetWhileOthersGoOn() throws Exception {
		RateLimitFilter filter = new RateLimitFilter(3);

		int[] statuses = new int[4];
		for (int i = 0; i < statuses.length; i++) {
			statuses[i] = send(filter, "10.0.0.1").getStatus();
		}
		MockHttpServletResponse refused = send(filter, "10.0.0.1");

		assertThat(statuses).containsExactly(200, 200, 200, 429);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentType()).startsWith("application/problem+json");
		assertThat(send(filter, "10.0.0.2").getStatus()).isEqualTo(200);
	}

	@Test
	void keepsAtMostMaxClientsLimitersHoweverManyAddressesSendRequests() throws Exception {
		RateLimitFilter filter = new RateLimitFilter(3, 1_000);

		for (int i = 0; i < 20_000; i++) {
			send(filter, "10.1." + (i / 256) + "." + (i % 256));
		}

		assertThat(filter.trackedClients()).isLessThanOrEqualTo(1_000);
	}

	private static MockHttpServletResponse send(RateLimitFilter filter, String address) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/queries");
		request.setRemoteAddr(address);
		MockHttpServletResponse response = new MockHttpServletResponse();
		FilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		return response;
	}

}
