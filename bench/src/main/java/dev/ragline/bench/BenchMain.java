package dev.ragline.bench;

import java.util.Arrays;

/**
 * {@code ./ragline bench [llm]}: runs a benchmark on this machine and prints its table.
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) throws Exception {
		String which = (args.length > 0) ? args[0] : "llm";
		String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
		switch (which) {
			case "llm" -> LlmBenchmark.main(rest);
			default -> {
				System.err.println("Unknown benchmark '" + which + "'. Available: llm");
				System.exit(2);
			}
		}
		System.exit(0);
	}

}
