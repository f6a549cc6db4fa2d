package dev.ragline.bench;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BenchArgumentsTest {

	@Test
	void readsValuesAndFlags() {
		assertThat(BenchArguments.parse(new String[] { "--rate=20", "--cold", "--mode", "bm25", "--no-stream=false" },
				Set.of("rate", "mode"), Set.of("cold", "no-stream")))
			.containsExactly(Map.entry("rate", "20"), Map.entry("cold", "true"), Map.entry("mode", "bm25"),
					Map.entry("no-stream", "false"));
	}

	@Test
	void refusesAnOptionWithoutItsValue() {
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(
					() -> BenchArguments.parse(new String[] { "--data", "--restarts=3" }, Set.of("data", "restarts")))
			.withMessage("--data needs a value (--data=VALUE or --data VALUE)");
	}

	@Test
	void refusesAValueAfterAFlag() {
		// read as "not cold" it would run the wrong benchmark for minutes
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> BenchArguments.parse(new String[] { "--cold=yes" }, Set.of("rate"), Set.of("cold")))
			.withMessage("--cold is a flag: give it alone, or as --cold=true|false");
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> BenchArguments.parse(new String[] { "--cold", "5" }, Set.of("rate"), Set.of("cold")))
			.withMessage("expected an option (--name=value or --name value), not '5'");
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
			.withMessage("expected an option (--name=value or --name value), not '5'");
	}

	@Test
	void namesTheOptionWhoseNumberIsNone() {
		Map<String, String> given = BenchArguments.parse(new String[] { "--restarts", "abc", "--share=x" },
				Set.of("restarts", "share"));

		assertThat(BenchArguments.integer(given, "rounds", 5)).isEqualTo(5);
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> BenchArguments.integer(given, "restarts", 5))
			.withMessage("--restarts takes a whole number, not 'abc'");
		assertThatExceptionOfType(BenchArguments.UsageException.class)
			.isThrownBy(() -> BenchArguments.decimal(given, "share", 0.5))
			.withMessage("--share takes a number, not 'x'");
	}

}
