package dev.ragline.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time from {@code /proc}: a process with every descendant (a standalone pipeline's
 * JVM and its redis-server), split by part of the pipeline after the JVM's thread names,
 * and the whole machine's busy and total time.
 */
public final class ProcessCpu {

	/** Linux's clock ticks per second for {@code /proc} times ({@code USER_HZ}). */
	private static final double TICKS_PER_SECOND = 100.0;

	private final long pid;

	public ProcessCpu(long pid) {
		this.pid = pid;
	}

	/**
	 * The parts a thread's CPU time is counted to, by the start of its name as Linux
	 * keeps it (15 characters); the first that matches wins, threads matching none are
	 * "other".
	 */
	static final String JIT = "JIT compiler";

	private static final List<Part> PARTS = List.of(
			new Part(JIT, List.of("C1 CompilerThre", "C2 CompilerThre", "Sweeper thread")),
			new Part("GC and JVM", List.of("GC Thread", "G1 ", "VM Thread", "VM Periodic")),
			new Part("HTTP (Tomcat)", List.of("http-nio-", "result-wait-")),
			new Part("Redis client (Lettuce)", List.of("lettuce-")),
			new Part("Kafka clients (network threads)",
					List.of("kafka-producer-", "consumer_backgr", "kafka-coordinat")),
			new Part("retriever (listener, search)", List.of("queryListenerCo", "documents-follo")),
			new Part("LLM stage (listeners, calls)",
					List.of("primaryGenerati", "fallbackGenerat", "llm-", "OkHttp", "Okio")),
			new Part("Kafka broker",
					List.of("data-plane-kafk", "group-coordinat", "kafka-", "broker-", "quorum-controll",
							"ExpirationReape", "executor-", "share-", "persister-", "raft-", "controller-")),
			new Part("tracing and metrics", List.of("BatchSpanProces", "metrics-", "micrometer-", "client-metrics-")));

	private static final String OTHER = "other threads";

	private static final String CHILD_PROCESSES = "redis-server (child process)";

	private record Part(String name, List<String> threadPrefixes) {

		boolean owns(String thread) {
			return this.threadPrefixes.stream().anyMatch(thread::startsWith);
		}

	}

	/** A reading of both clocks, with the process's time by part. */
	public record Reading(double processSeconds, Map<String, Double> partSeconds, double machineBusySeconds,
			double machineTotalSeconds) {

		/** Process CPU seconds since {@code earlier}. */
		double processSince(Reading earlier) {
			return this.processSeconds - earlier.processSeconds;
		}

		/**
		 * CPU seconds by part since {@code earlier}, the largest first; threads that
		 * ended in between are missing from both readings' parts.
		 */
		Map<String, Double> partsSince(Reading earlier) {
			Map<String, Double> since = new LinkedHashMap<>();
			this.partSeconds.entrySet()
				.stream()
				.map((part) -> Map.entry(part.getKey(),
						part.getValue() - earlier.partSeconds.getOrDefault(part.getKey(), 0.0)))
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.forEach((part) -> since.put(part.getKey(), part.getValue()));
			return since;
		}

		/** The share of the machine's time it was busy since {@code earlier}, 0 to 1. */
		double machineBusySince(Reading earlier) {
			double total = this.machineTotalSeconds - earlier.machineTotalSeconds;
			return (total > 0) ? (this.machineBusySeconds - earlier.machineBusySeconds) / total : 0;
		}

	}

	public Reading read() {
		long children = ProcessHandle.of(this.pid)
			.stream()
			.flatMap(ProcessHandle::descendants)
			.mapToLong((child) -> ticksOf(Path.of("/proc", Long.toString(child.pid()), "stat")))
			.sum();
		long ticks = ticksOf(Path.of("/proc", Long.toString(this.pid), "stat")) + children;
		Map<String, Double> parts = new LinkedHashMap<>();
		threadTicks().forEach((part, partTicks) -> parts.put(part, partTicks / TICKS_PER_SECOND));
		parts.put(CHILD_PROCESSES, children / TICKS_PER_SECOND);
		long[] machine = machineTicks();
		return new Reading(ticks / TICKS_PER_SECOND, parts, machine[0] / TICKS_PER_SECOND,
				machine[1] / TICKS_PER_SECOND);
	}

	/** The process's threads' ticks by part. */
	private Map<String, Long> threadTicks() {
		Map<String, Long> ticks = new LinkedHashMap<>();
		try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(this.pid), "task"))) {
			threads.forEach((thread) -> {
				try {
					String name = Files.readString(thread.resolve("comm")).strip();
					ticks.merge(partOf(name), ticksOf(thread.resolve("stat")), Long::sum);
				}
				catch (IOException ex) {
					// the thread ended
				}
			});
		}
		catch (IOException ex) {
			// the process ended
		}
		return ticks;
	}

	static String partOf(String threadName) {
		return PARTS.stream().filter((part) -> part.owns(threadName)).map(Part::name).findFirst().orElse(OTHER);
	}

	/**
	 * utime + stime from a {@code stat} file of a process or thread; 0 once it is gone.
	 */
	private static long ticksOf(Path stat) {
		try {
			String line = Files.readString(stat);
			// the command may hold spaces; the fields after it are fixed
			String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
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
