package dev.ragline.standalone.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.ragline.ingest.QueryIngestApplication;
import dev.ragline.llm.LlmWorkerApplication;
import dev.ragline.retriever.RetrieverWorkerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;

/** The services {@code ./ragline run} starts, by the name a user types. */
enum Service {

	QUERY_INGEST("query-ingest", 8080, QueryIngestApplication::builder),

	RETRIEVER_WORKER("retriever-worker", 8081, RetrieverWorkerApplication::builder),

	LLM_WORKER("llm-worker", 8082, LlmWorkerApplication::builder);

	private final String command;

	private final int defaultPort;

	private final Supplier<SpringApplicationBuilder> application;

	Service(String command, int defaultPort, Supplier<SpringApplicationBuilder> application) {
		this.command = command;
		this.defaultPort = defaultPort;
		this.application = application;
	}

	String command() {
		return this.command;
	}

	int defaultPort() {
		return this.defaultPort;
	}

	SpringApplicationBuilder application() {
		return this.application.get();
	}

	/**
	 * @throws IllegalArgumentException for a name that is not a service
	 */
	static Service named(String name) {
		for (Service service : values()) {
			if (service.command.equals(name.toLowerCase(Locale.ROOT))) {
				return service;
			}
		}
		throw new IllegalArgumentException("'" + name + "' is not a service; run one of " + names());
	}

	static String names() {
		return Arrays.stream(values()).map(Service::command).collect(Collectors.joining(", "));
	}

}
