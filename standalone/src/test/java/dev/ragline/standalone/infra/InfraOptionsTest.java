package dev.ragline.standalone.infra;

import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InfraOptionsTest {

	@Test
	void redisClusterStartsALocalClusterAndTakesAnExistingOneByUrl() {
		assertThat(options("--redis-cluster").redisCluster()).isTrue();
		assertThat(options().redisCluster()).isFalse();
		assertThat(options("--redis-url=redis-cluster://10.0.0.1:7000,10.0.0.2:7000").redisUrl())
			.isEqualTo("redis-cluster://10.0.0.1:7000,10.0.0.2:7000");
	}

	@Test
	void refusesALocalClusterAndAnExistingRedisTogether() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> options("--redis-cluster", "--redis-url=redis://127.0.0.1:6379"))
			.withMessageContaining("give one of them");
	}

	@Test
	void autoPortsPutsEveryServerOnAFreePort() {
		InfraOptions auto = options("--ports=auto", "--kafka-port=19092");
		assertThat(auto.kafkaPort()).isZero();
		assertThat(auto.redisPort()).isZero();
		assertThat(options("--kafka-port", "19092").kafkaPort()).isEqualTo(19092);
	}

	private static InfraOptions options(String... args) {
		InfraArguments arguments = new InfraArguments();
		new CommandLine(arguments).parseArgs(args);
		return arguments.options(Map.of(), null);
	}

}
