package dev.ragline.llm.vllm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the primary server serves, and its context length, kept in memory: read once the
 * worker is up and then every {@link #REFRESH} in the background, so a query never waits
 * for it. A context length a server reports in a refusal is remembered until the server
 * says otherwise; {@code ragline.vllm.context-length} overrides both.
 */
class ServedModels {

	static final Duration REFRESH = Duration.ofSeconds(60);

	private static final Logger logger = LoggerFactory.getLogger(ServedModels.class);

	private final VllmClient client;

	private final VllmProperties properties;

	private final Clock clock;

	private final ExecutorService refresher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "vllm-served-models");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile ServerInfo info = ServerInfo.UNKNOWN;

	private volatile Instant readAt = Instant.MIN;

	private volatile Integer reportedContextLength;

	ServedModels(VllmClient client, VllmProperties properties, Clock clock) {
		this.client = client;
		this.properties = properties;
		this.clock = clock;
	}

	/** As last read; asks again in the background when that was a while ago. */
	ServerInfo current() {
		if (this.readAt.plus(REFRESH).isBefore(this.clock.instant())) {
			refreshInBackground();
		}
		return this.info;
	}

	/** Reads it now, on this thread. */
	ServerInfo refresh() {
		ServerInfo read = this.client.serverInfo();
		if (read.known()) {
			this.info = read;
			if (read.contextLength() != null) {
				this.reportedContextLength = null;
			}
		}
		this.readAt = this.clock.instant();
		return this.info;
	}

	void refreshInBackground() {
		if (this.refreshing.compareAndSet(false, true)) {
			this.refresher.execute(() -> {
				try {
					refresh();
				}
				catch (RuntimeException ex) {
					logger.debug("Could not read vLLM's served models: {}", ex.getMessage());
				}
				finally {
					this.refreshing.set(false);
				}
			});
		}
	}

	/**
	 * The context length to budget prompts for: the setting, else what the server said
	 * (in {@code /v1/models}, or in a refusal), else {@code null}.
	 */
	Integer contextLength() {
		if (this.properties.contextLength() != null) {
			return this.properties.contextLength();
		}
		Integer served = current().contextLength();
		return (served != null) ? served : this.reportedContextLength;
	}

	/** A refusal said the context is {@code tokens} long. */
	void reportedContextLength(int tokens) {
		if (current().contextLength() == null) {
			this.reportedContextLength = tokens;
		}
	}

	/**
	 * The model to ask for: the configured one, else the first the server serves
	 * ({@code null} when it cannot tell; the server then picks its default).
	 */
	String modelToAsk() {
		String configured = this.properties.model();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		ServerInfo served = this.info.known() ? this.info : refresh();
		return served.known() ? served.models().get(0) : null;
	}

	void close() {
		this.refresher.shutdownNow();
	}

}
