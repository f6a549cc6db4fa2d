package dev.ragline.ingest.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who sent a request, for rate limits and idempotency keys: the API key's name when keys
 * are required, else the remote address.
 */
public final class ClientIdentity {

	/** Request attribute the API-key filter sets to the authenticated key's name. */
	public static final String ATTRIBUTE = "ragline.client";

	private ClientIdentity() {
	}

	public static String of(HttpServletRequest request) {
		Object client = request.getAttribute(ATTRIBUTE);
		return (client != null) ? client.toString() : "address:" + request.getRemoteAddr();
	}

}
