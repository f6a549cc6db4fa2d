package dev.ragline.standalone.cli;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArgumentsTest {

	private static final Set<String> VALUED = Set.of("http-port", "role");

	private static final Set<String> FLAGS = Set.of("debug");

	@Test
	void takesBothOptionFormsFlagsAndPositionals() {
		Arguments arguments = Arguments
			.parse(new String[] { "llm-worker", "--role", "fallback", "--http-port=8181", "--debug" }, VALUED, FLAGS);

		assertThat(arguments.value("role")).contains("fallback");
		assertThat(arguments.value("http-port")).contains("8181");
		assertThat(arguments.flag("debug")).isTrue();
		assertThat(arguments.positional()).containsExactly("llm-worker");
	}

	@Test
	void passesDottedSettingsOnToSpring() {
		Arguments arguments = Arguments.parseWithSettings(new String[] { "--server.port=8181",
				"--spring.kafka.consumer.properties[group.protocol]=classic", "--ragline.vllm.base-url=http://v:8000" },
				VALUED, FLAGS, 0);

		assertThat(arguments.passedOn()).containsExactly("--server.port=8181",
				"--spring.kafka.consumer.properties[group.protocol]=classic", "--ragline.vllm.base-url=http://v:8000");
	}

	@Test
	void refusesAnOptionItDoesNotKnowThatIsNoSetting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Arguments.parseWithSettings(new String[] { "--htp-port=8181" }, VALUED, FLAGS, 0))
			.withMessageStartingWith("unknown option --htp-port (");
	}

	@Test
	void refusesASettingWithoutValue() {
		// "--server.port 8181" would make 8181 a positional argument and leave the port
		// unset
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Arguments.parseWithSettings(new String[] { "--server.port", "8181" }, VALUED, FLAGS, 1))
			.withMessageStartingWith("unknown option --server.port (");
	}

	@Test
	void refusesMorePositionalArgumentsThanTheCommandTakes() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> Arguments.parseWithSettings(new String[] { "retriever-worker", "extra" }, VALUED, FLAGS, 1))
			.withMessage("unexpected argument 'extra'");
	}

	@Test
	void saysWhichOptionLacksItsValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> Arguments.parse(new String[] { "--role" }, VALUED, FLAGS))
			.withMessage("--role needs a value, e.g. --role=...");
	}

}
