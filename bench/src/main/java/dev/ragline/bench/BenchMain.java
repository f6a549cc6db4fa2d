package dev.ragline.bench;

import java.util.Arrays;

import dev.ragline.bench.chaos.ChaosBenchmark;
import dev.ragline.bench.pipeline.PipelineBenchmark;

/**
 * {@code ./ragline bench [llm|api|scale|chaos]} and {@code ./ragline eval --data DIR}:
 * measurements that run on this machine and print a table.
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) throws Exception {
		String which = (args.length > 0) ? args[0] : "llm";
		String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
		switch (which) {
			case "llm" -> LlmBenchmark.main(rest);
			case "api" -> ApiBenchmark.main(rest);
			case "scale" -> ScaleBenchmark.main(rest);
			case "chaos" -> ChaosBenchmark.main(rest);
			case "pipeline" -> PipelineBenchmark.main(rest);
			case "api-server" -> {
				// a server for "api", started by it; runs until stopped
				ApiServer.main(rest);
				return;
			}
			case "eval" -> System.exit(RetrievalEvaluation.main(rest));
			default -> {
				System.err
					.println("Unknown benchmark '" + which + "'. Available: llm, api, scale, chaos, pipeline, eval");
				System.exit(2);
			}
		}
		System.exit(0);
	}

}
