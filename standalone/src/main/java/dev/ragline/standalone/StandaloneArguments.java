package dev.ragline.standalone;

import java.util.Map;

import dev.ragline.standalone.cli.ServerArguments;
import dev.ragline.standalone.infra.InfraArguments;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line of {@code ./ragline standalone}, read into {@link StandaloneOptions}.
 */
@Command(name = "ragline standalone", sortOptions = false,
		customSynopsis = "./ragline standalone [options] [--spring.setting=value ...]",
		description = { "Runs the whole pipeline locally on 127.0.0.1: a Kafka broker (KRaft, in-process), a "
				+ "redis-server, query-ingest, a retriever-worker and an llm-worker (both roles), and publishes the "
				+ "sample corpus (500 SciFact abstracts) when the documents topic is empty. Prints the URLs when "
				+ "ready; Ctrl-C stops everything. Data lives in temporary directories." },
		optionListHeading = "%nOptions:%n",
		footer = { "", "Any other setting goes to the services as --name=value with its dotted name (see README,",
				"Configuration), or as an environment variable: --ragline.vllm.base-url=http://vllm:8000",
				"or RAGLINE_VLLM_BASEURL=http://vllm:8000. Options take --name=value or --name value.",
				"Logs: ~/.ragline/logs (or $RAGLINE_HOME/logs)." })
final class StandaloneArguments extends ServerArguments {

	@Option(names = "--http-port", paramLabel = "PORT", description = "the HTTP API and console (default "
			+ StandaloneOptions.DEFAULT_HTTP_PORT + ", or RAGLINE_HTTP_PORT)")
	private Integer httpPort;

	@Mixin
	private InfraArguments infra;

	private final Map<String, String> env;

	private StandaloneOptions options;

	StandaloneArguments(Map<String, String> env) {
		this.env = env;
	}

	@Override
	protected void check() {
		boolean auto = this.infra.autoPorts();
		this.options = new StandaloneOptions(auto ? 0 : InfraArguments.port("http-port", this.httpPort, this.env,
				"RAGLINE_HTTP_PORT", StandaloneOptions.DEFAULT_HTTP_PORT), this.infra.options(this.env, null));
	}

	/** The options read, once {@link #validate} has run. */
	StandaloneOptions options() {
		return this.options;
	}

}
