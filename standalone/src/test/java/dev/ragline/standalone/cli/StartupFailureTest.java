package dev.ragline.standalone.cli;

import java.util.Map;

import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupFailureTest {

	@Test
	void saysRedisCannotBeReachedAndHowToNameOne() {
		Exception failure = new IllegalStateException("Error creating bean with name 'resultStore'\nmore",
				new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6390"));

		assertThat(StartupFailure.describe(failure, Map.of()))
			.isEqualTo("cannot reach Redis (Unable to connect to 127.0.0.1/<unresolved>:6390); start it with "
					+ "./ragline infra, or name a running one with --redis-url=redis://HOST:PORT");
	}

	@Test
	void otherwiseNamesWhatFailedAndItsRootCause() {
		Exception failure = new IllegalStateException("Error creating bean 'x'\nsecond line",
				new RuntimeException("outer", new java.io.IOException("disk full")));

		assertThat(StartupFailure.describe(failure, Map.of())).isEqualTo("Error creating bean 'x': disk full");
	}

}
