package dev.ragline.bench.chaos;

import dev.ragline.bench.LauncherProcesses;
import dev.ragline.bench.Table;

/**
 * {@code ./ragline bench chaos}: a {@link ChaosRun} with the services started by the
 * {@code ./ragline} script. Prints the report as a table and exits with status 1 when an
 * accepted query was lost or a refused one processed.
 */
public final class ChaosBenchmark {

	private ChaosBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		ChaosRun.Options options = ChaosRun.Options.parse(args);
		System.out.printf(
				"ragline chaos benchmark: every service its own process (%d cores), %d queries at %d/s, kill -9 of a "
						+ "worker every %d s, one redis-server and one broker kill -9 and restart, backends answering "
						+ "in %d ms%n",
				Runtime.getRuntime().availableProcessors(), options.queries(), options.rate(),
				options.killEvery().toSeconds(), options.latency().toMillis());
		ChaosReport report;
		try (LauncherProcesses processes = LauncherProcesses.create()) {
			report = new ChaosRun(options, processes, System.out).run();
			Table.print(new String[] { "measure", "result (one run)", "goal" }, report.rows());
			System.out.println("Logs of the processes: " + processes.home());
		}
		if (!report.holds()) {
			System.out.println("FAILED: lost " + report.lost() + ", ghosts " + report.ghosts());
			System.exit(1);
		}
	}

}
