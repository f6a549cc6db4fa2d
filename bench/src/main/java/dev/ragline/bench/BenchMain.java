package dev.ragline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.ragline.bench.chaos.ChaosBenchmark;
import dev.ragline.bench.pipeline.PipelineBenchmark;
import dev.ragline.bench.pipeline.ShadowBenchmark;

/**
 * {@code ./ragline bench [llm|api|scale|chaos|pipeline|capacity|shadow|restart]} and
 * {@code ./ragline eval --data DIR}: measurements that run on this machine and print a
 * table.
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) throws Exception {
		String which = (args.length > 0) ? args[0] : "llm";
		String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
		if (!which.equals("eval") && (which.equals("help") || Arrays.stream(args).anyMatch(BenchMain::asksForHelp))) {
			System.out.print(help());
			System.exit(0);
		}
		if (which.equals("api-server")) {
			// a server for "api", started by it; runs until stopped
			ApiServer.main(rest);
			return;
		}
		try {
			run(which, rest);
		}
		catch (BenchArguments.UsageException ex) {
			System.err.println("ragline bench " + which + ": " + ex.getMessage() + "; see ./ragline bench --help");
			System.exit(2);
		}
		System.exit(0);
	}

	private static void run(String which, String[] rest) throws Exception {
		switch (which) {
			case "llm" -> LlmBenchmark.main(rest);
			case "api" -> ApiBenchmark.main(rest);
			case "scale" -> ScaleBenchmark.main(rest);
			case "chaos" -> ChaosBenchmark.main(rest);
			case "pipeline" -> PipelineBenchmark.main(rest);
			case "capacity" -> CapacityBenchmark.main(rest);
			case "shadow" -> ShadowBenchmark.main(rest);
			case "restart" -> RestartBenchmark.main(rest);
			case "eval" -> System.exit(RetrievalEvaluation.main(rest));
			default -> throw new BenchArguments.UsageException("unknown benchmark '" + which
					+ "'; available: llm, api, scale, chaos, pipeline, capacity, shadow, restart");
		}
	}

	private static boolean asksForHelp(String arg) {
		return arg.equals("--help") || arg.equals("-h");
	}

	private static String help() throws IOException {
		try (InputStream text = BenchMain.class.getResourceAsStream("/help/bench.txt")) {
			return new String(text.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
