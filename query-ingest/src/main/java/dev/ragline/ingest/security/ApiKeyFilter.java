package dev.ragline.ingest.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import dev.ragline.ingest.api.ClientIdentity;
import dev.ragline.ingest.api.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When API keys are configured, every API request must carry one, as
 * {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}; others get 401. The
 * request is then known by its key (for rate limits and idempotency keys), never by the
 * key itself.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private static final String BEARER = "Bearer ";

	private final List<byte[]> keys;

	ApiKeyFilter(List<String> keys) {
		this.keys = keys.stream().map((key) -> key.getBytes(StandardCharsets.UTF_8)).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (HttpMethod.OPTIONS.matches(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		String presented = presentedKey(request);
		if (presented == null || !known(presented)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "API key required",
					(presented == null) ? "Send your API key as X-API-Key: <key> or Authorization: Bearer <key>"
							: "This API key is not valid");
			return;
		}
		request.setAttribute(ClientIdentity.ATTRIBUTE, "key:" + fingerprint(presented));
		chain.doFilter(request, response);
	}

	private static String presentedKey(HttpServletRequest request) {
		String key = request.getHeader(HEADER);
		if (key != null && !key.isBlank()) {
			return key.strip();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).strip();
		}
		return null;
	}

	/**
	 * Compares in constant time, so response times do not tell how much of a key was
	 * right.
	 */
	private boolean known(String presented) {
		byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
		boolean found = false;
		for (byte[] key : this.keys) {
			found |= MessageDigest.isEqual(key, candidate);
		}
		return found;
	}

	private static String fingerprint(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
