package dev.ragline.standalone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.ragline.standalone.cli.CommandLines;
import dev.ragline.standalone.cli.ServerArguments;
import dev.ragline.standalone.infra.InfraCommand;
import dev.ragline.standalone.run.RunCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines of the commands that start services, as picocli reads them: both
 * option forms, Spring settings passed on, help, and mistakes said in one line.
 */
class CommandLineTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void everyCommandShowsItsHelpWithEveryOption() {
		assertThat(help(new StandaloneArguments(Map.of()))).startsWith("Usage: ./ragline standalone [options]")
			.contains("--http-port=PORT", "--kafka-port=PORT", "--redis-port=PORT", "--ports=auto",
					"--kafka-bootstrap=HOST:PORT", "--redis-url=URL", "--redis-cluster", "--no-sample-corpus",
					"--debug", "-h, --help")
			.doesNotContain("--spring.kafka.bootstrap-servers");
		assertThat(help(new InfraCommand.Arguments(Map.of()))).startsWith("Usage: ./ragline infra [options]")
			.contains("--data-dir=DIR", "--ports=auto", "--redis-cluster", "-h, --help");
		assertThat(help(new RunCommand.Arguments())).startsWith("Usage: ./ragline run SERVICE [options]")
			.contains("SERVICE", "--kafka-bootstrap=HOST:PORT", "--redis-url=URL", "--role=ROLE", "-h, --help");
	}

	@Test
	void takesOptionsWithAnEqualsSignOrASpaceAndPassesSettingsOnToSpring() {
		StandaloneArguments arguments = new StandaloneArguments(Map.of());
		assertThat(
				parse(arguments, "--http-port", "8181", "--kafka-port=19092", "--ragline.vllm.base-url=http://v:8000"))
			.isEqualTo(CommandLines.RUN);
		assertThat(arguments.options().httpPort()).isEqualTo(8181);
		assertThat(arguments.options().infra().kafkaPort()).isEqualTo(19092);
		assertThat(arguments.settings()).containsExactly("--ragline.vllm.base-url=http://v:8000");
	}

	@Test
	void theSpringNamesOfKafkaAndRedisChooseExistingServers() {
		StandaloneArguments arguments = new StandaloneArguments(Map.of());
		assertThat(parse(arguments, "--spring.kafka.bootstrap-servers=k:9092", "--ragline.redis.url=redis://r:6379"))
			.isEqualTo(CommandLines.RUN);
		assertThat(arguments.options().infra().kafkaBootstrap()).isEqualTo("k:9092");
		assertThat(arguments.options().infra().redisUrl()).isEqualTo("redis://r:6379");
		assertThat(arguments.settings()).isEmpty();
	}

	@Test
	void aMistakeIsSaidInOneLineWithWhereTheHelpIs() {
		assertThat(parse(new RunCommand.Arguments(), "retriever-worker", "--htp-port=8181")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline run: unknown option --htp-port (a service setting is given")
			.endsWith("; see ./ragline run --help" + System.lineSeparator());
	}

	@Test
	void aSettingWithoutItsValueIsRefusedRatherThanDropped() {
		assertThat(parse(new RunCommand.Arguments(), "query-ingest", "--server.port", "8181")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline run: unknown option --server.port");
	}

	@Test
	void runNeedsOneServiceItKnows() {
		assertThat(parse(new RunCommand.Arguments())).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline run: Missing required parameter: 'SERVICE'");
		this.err.reset();
		assertThat(parse(new RunCommand.Arguments(), "ingest")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline run: 'ingest' is not a service; run one of query-ingest");
		this.err.reset();
		assertThat(parse(new RunCommand.Arguments(), "llm-worker", "extra")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline run: unexpected argument 'extra'");
		this.err.reset();
		assertThat(parse(new RunCommand.Arguments(), "retriever-worker", "--role=fallback")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline run: --role is for llm-worker only");
	}

	@Test
	void valuesThatContradictEachOtherAreMistakesToo() {
		assertThat(parse(new StandaloneArguments(Map.of()), "--ports=some")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline standalone: --ports takes only 'auto'");
		this.err.reset();
		assertThat(parse(new StandaloneArguments(Map.of()), "--http-port=70000")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline standalone: --http-port must be a port number (0-65535)");
		this.err.reset();
		assertThat(parse(new StandaloneArguments(Map.of("RAGLINE_REDIS_PORT", "six")))).isEqualTo(2);
		assertThat(text(this.err)).startsWith("ragline standalone: RAGLINE_REDIS_PORT must be a port number");
		this.err.reset();
		assertThat(parse(new InfraCommand.Arguments(Map.of()), "--kafka-bootstrap=k:9092", "--redis-url=redis://r"))
			.isEqualTo(2);
		assertThat(text(this.err)).contains("there is nothing for infra to start");
	}

	@Test
	void portsComeFromTheEnvironmentWhenNotGiven() {
		StandaloneArguments arguments = new StandaloneArguments(Map.of("RAGLINE_HTTP_PORT", "8088"));
		assertThat(parse(arguments, "--debug")).isEqualTo(CommandLines.RUN);
		assertThat(arguments.options().httpPort()).isEqualTo(8088);
		assertThat(arguments.debug()).isTrue();
	}

	private String help(ServerArguments arguments) {
		assertThat(parse(arguments, "--help")).isZero();
		String help = text(this.out);
		this.out.reset();
		return help;
	}

	private int parse(ServerArguments arguments, String... args) {
		PrintStream out = new PrintStream(this.out, true, StandardCharsets.UTF_8);
		PrintStream err = new PrintStream(this.err, true, StandardCharsets.UTF_8);
		return CommandLines.parse(CommandLines.of(arguments, out, err), args, out, err);
	}

	private static String text(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}

}
