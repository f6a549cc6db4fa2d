package dev.ragline.bench;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BenchArgumentsTest {

	@Test
	void readsValuesAndFlags() {
		assertThat(BenchArguments.parse(new String[] { "--rate=20", "--cold" }, Set.of("rate", "cold", "mode")))
			.containsExactly(Map.entry("rate", "20"), Map.entry("cold", "true"));
	}

	@Test
	void refusesAnOptionTheBenchmarkDoesNotKnow() {
		// a typo must not run a ten-minute benchmark with the default instead
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> BenchArguments.parse(new String[] { "--reroute=5" }, Set.of("reroutes", "trace")))
			.withMessage("unknown option --reroute; this benchmark takes --reroutes, --trace");
	}

	@Test
	void refusesAnArgumentThatIsNoOption() {
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> BenchArguments.parse(new String[] { "5" }, Set.of("rate")))
			.withMessage("expected --name=value, not '5'");
	}

}
