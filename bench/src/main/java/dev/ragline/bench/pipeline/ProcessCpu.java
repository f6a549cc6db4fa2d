package dev.ragline.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time from {@code /proc}: a process with every descendant (a standalone pipeline's
 * JVM and its redis-server), and the whole machine's busy and total time.
 */
final class ProcessCpu {

	/** Linux's clock ticks per second for {@code /proc} times ({@code USER_HZ}). */
	private static final double TICKS_PER_SECOND = 100.0;

	private final long pid;

	ProcessCpu(long pid) {
		this.pid = pid;
	}

	/** A reading of both clocks. */
	record Reading(double processSeconds, double machineBusySeconds, double machineTotalSeconds) {

		/** Process CPU seconds since {@code earlier}. */
		double processSince(Reading earlier) {
			return this.processSeconds - earlier.processSeconds;
		}

		/** The share of the machine's time it was busy since {@code earlier}, 0 to 1. */
		double machineBusySince(Reading earlier) {
			double total = this.machineTotalSeconds - earlier.machineTotalSeconds;
			return (total > 0) ? (this.machineBusySeconds - earlier.machineBusySeconds) / total : 0;
		}

	}

	Reading read() {
		double ticks = Stream
			.concat(Stream.of(this.pid),
					ProcessHandle.of(this.pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
			.mapToLong(ProcessCpu::ticksOf)
			.sum();
		long[] machine = machineTicks();
		return new Reading(ticks / TICKS_PER_SECOND, machine[0] / TICKS_PER_SECOND, machine[1] / TICKS_PER_SECOND);
	}

	/** utime + stime of one process; 0 once it is gone. */
	private static long ticksOf(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command may hold spaces; the fields after it are fixed
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** The machine's busy and total ticks, from the first line of {@code /proc/stat}. */
	private static long[] machineTicks() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
			String[] fields = lines.get(0).trim().split("\\s+");
			long total = 0;
			long idle = 0;
			for (int i = 1; i < fields.length && i <= 8; i++) {
				long value = Long.parseLong(fields[i]);
				total += value;
				if (i == 4 || i == 5) {
					idle += value;
				}
			}
			return new long[] { total - idle, total };
		}
		catch (IOException ex) {
			return new long[] { 0, 0 };
		}
	}

}
