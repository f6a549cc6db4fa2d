package dev.ragline.llm.vllm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ragline.contracts.FallbackReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explains the two 404s that mean ragline is misconfigured: a model vLLM does not serve
 * (the served names go into the reason) and a URL path vLLM does not have. Both are
 * logged loudly, with the URL used and the served models, once per {@link #LOG_INTERVAL}
 * rather than once per query; the served models are asked for at most once per
 * {@link #MODELS_REFRESH}.
 */
final class MisconfigurationReport {

	static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

	static final Duration MODELS_REFRESH = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(MisconfigurationReport.class);

	private final VllmClient client;

	private final ServedModels served;

	private final Clock clock;

	private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

	private volatile Instant refreshedAt = Instant.MIN;

	MisconfigurationReport(VllmClient client, ServedModels served, Clock clock) {
		this.client = client;
		this.served = served;
		this.clock = clock;
	}

	/** {@code reason}, completed with what a user needs to fix the configuration. */
	FallbackReason describe(FallbackReason reason, String bodyExcerpt) {
		if (FallbackReason.VLLM_MODEL_NOT_FOUND.equals(reason.code())) {
			List<String> served = servedModels();
			if (shouldLog(reason.code())) {
				logger.error(
						"vLLM at {} does not serve model '{}'; it serves {}. Set ragline.vllm.model "
								+ "(RAGLINE_VLLM_MODEL) to one of those.",
						this.client.endpointUrl(), this.served.modelToAsk(), served);
			}
			return new FallbackReason(reason.code(), reason.httpStatus(), reason.detail() + " Served models: " + served,
					reason.attempts());
		}
		if (FallbackReason.VLLM_ROUTE_NOT_FOUND.equals(reason.code()) && shouldLog(reason.code())) {
			logger.error("vLLM base URL looks wrong: POST {} answered 404 {}. The base URL must be where the "
					+ "OpenAI-compatible server listens, e.g. http://vllm:8000 (ragline adds the /v1/... path); "
					+ "check ragline.vllm.base-url (RAGLINE_VLLM_BASEURL). GET {} lists {}", this.client.endpointUrl(),
					bodyExcerpt, this.client.modelsUrl(), servedModels());
		}
		return reason;
	}

	/**
	 * The served names, read again after a 404 (the server may have restarted with other
	 * names), at most once per {@link #MODELS_REFRESH}.
	 */
	private List<String> servedModels() {
		Instant now = this.clock.instant();
		if (this.refreshedAt.plus(MODELS_REFRESH).isBefore(now)) {
			this.refreshedAt = now;
			return this.served.refresh().models();
		}
		return this.served.current().models();
	}

	private boolean shouldLog(String code) {
		Instant now = this.clock.instant();
		Instant last = this.lastLogged.get(code);
		if (last != null && now.isBefore(last.plus(LOG_INTERVAL))) {
			return false;
		}
		this.lastLogged.put(code, now);
		return true;
	}

}
