package dev.ragline.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ragline.ingest.QueryIngestApplication;
import dev.ragline.llm.LlmWorkerApplication;
import dev.ragline.retriever.RetrieverWorkerApplication;
import dev.ragline.retriever.documents.DocumentsFollower;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every ragline service in this JVM, each in its own Spring application context exactly
 * as it runs in its own process: the retriever, the LLM worker in both roles, and the
 * HTTP front door.
 */
public final class RaglineServices implements AutoCloseable {

	/** Workers serve no HTTP here; the front door is the only port. */
	private static final Map<String, Object> WORKER = Map.of("spring.main.web-application-type", "none");

	private static final Duration READY_POLL = Duration.ofMillis(50);

	private final List<ConfigurableApplicationContext> contexts;

	private RaglineServices(List<ConfigurableApplicationContext> contexts) {
		this.contexts = contexts;
	}

	/**
	 * Starts the services with {@code properties} (Kafka, Redis and any {@code ragline.*}
	 * setting; environment variables and {@code args} take precedence).
	 */
	public static RaglineServices start(Map<String, Object> properties, String... args) {
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		try {
			started.add(run(RetrieverWorkerApplication.builder().properties(WORKER), properties, args));
			started.add(run(LlmWorkerApplication.builder()
				.properties(WORKER)
				.properties(Map.of("ragline.llm.roles", "primary,fallback")), properties, args));
			started.add(run(QueryIngestApplication.builder(), properties, args));
			return new RaglineServices(started);
		}
		catch (RuntimeException ex) {
			new RaglineServices(started).close();
			throw ex;
		}
	}

	/** The port the HTTP API listens on. */
	public int httpPort() {
		return ingest().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	public ConfigurableApplicationContext ingest() {
		return this.contexts.get(2);
	}

	public ConfigurableApplicationContext retriever() {
		return this.contexts.get(0);
	}

	public ConfigurableApplicationContext llm() {
		return this.contexts.get(1);
	}

	/**
	 * Waits until the retriever has indexed every document that was in the topic when it
	 * started.
	 */
	public void awaitRetrieverReady(Duration timeout) {
		DocumentsFollower follower = retriever().getBean(DocumentsFollower.class);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (follower.state() != DocumentsFollower.State.READY) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"The retriever did not finish indexing within " + timeout + " (" + follower.progress() + ")");
			}
			try {
				Thread.sleep(READY_POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the retriever", ex);
			}
		}
	}

	/**
	 * Stops the front door first, then the workers, so no accepted query is left
	 * half-way.
	 */
	@Override
	public void close() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
	}

	private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, Object> properties,
			String... args) {
		return builder.properties(properties).registerShutdownHook(false).run(args);
	}

}
