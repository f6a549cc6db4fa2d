package dev.ragline.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.ragline.bench.Stats;
import dev.ragline.contracts.QueryStatus;

/**
 * What a chaos run found. It holds when no accepted query was lost and no refused one was
 * processed.
 *
 * @param submitted submissions sent
 * @param accepted answered 202
 * @param refusedByStatus answered with another status, by status
 * @param unanswered no answer within the client's timeout (the server never said no; how
 * many of them were processed anyway is {@code unansweredProcessed})
 * @param unansweredProcessed unanswered submissions a backend was asked about
 * @param doneByBackend accepted queries that ended DONE, by backend
 * @param failedByReason accepted queries that ended FAILED, by error code
 * @param lost accepted queries that never ended (id: last status, or none)
 * @param ghosts refused submissions that were processed anyway (their tokens)
 * @param duplicateVllmCalls vLLM requests repeating one made before for the same query
 * @param duplicateOllamaCalls the same for Ollama
 * @param duplicateFinalWrites writes that made a final document final again
 * @param writesSeen writes the Redis subscription saw
 * @param endToEndMillis queued to DONE, per DONE query
 * @param stageMillis per DONE query, the time from QUEUED to RETRIEVING (waiting for a
 * retriever), from there to GENERATING (retrieval, then waiting for an llm-worker) and
 * from there to DONE (the backend calls)
 * @param drain from the last submission until every accepted query had ended
 * @param faults what was done to the processes, in order
 */
public record ChaosReport(int submitted, int accepted, Map<Integer, Integer> refusedByStatus, int unanswered,
		int unansweredProcessed, Map<String, Integer> doneByBackend, Map<String, Integer> failedByReason,
		Map<String, String> lost, List<String> ghosts, long duplicateVllmCalls, long duplicateOllamaCalls,
		long duplicateFinalWrites, long writesSeen, List<Double> endToEndMillis, List<List<Double>> stageMillis,
		Duration drain, List<String> faults) {

	/** Nothing accepted was lost, nothing refused was processed. */
	public boolean holds() {
		return this.lost.isEmpty() && this.ghosts.isEmpty();
	}

	public int refused() {
		return this.refusedByStatus.values().stream().mapToInt(Integer::intValue).sum();
	}

	public int done() {
		return this.doneByBackend.values().stream().mapToInt(Integer::intValue).sum();
	}

	/** The report as table rows: measure, result, goal. */
	public List<String[]> rows() {
		List<String[]> rows = new ArrayList<>();
		rows.add(row("submitted", this.submitted, ""));
		rows.add(row("accepted (202)", this.accepted, ""));
		rows.add(row("refused", this.refused() + describe(this.refusedByStatus), ""));
		rows.add(row("no answer within 30 s (processed anyway)",
				this.unanswered + " (" + this.unansweredProcessed + ")", ""));
		rows.add(row("DONE", this.done() + describe(this.doneByBackend), ""));
		rows.add(row("FAILED",
				this.failedByReason.values().stream().mapToInt(Integer::intValue).sum() + describe(this.failedByReason),
				""));
		rows.add(row("lost: accepted, never final", this.lost.size(), "0"));
		rows.add(row("ghosts: refused, yet processed", this.ghosts.size(), "0"));
		rows.add(row(
				"backend calls made twice (vLLM, Ollama)", (this.duplicateVllmCalls + this.duplicateOllamaCalls) + " ("
						+ this.duplicateVllmCalls + ", " + this.duplicateOllamaCalls + ")",
				"only calls a kill -9 cut off"));
		rows.add(row("final writes made twice", this.duplicateFinalWrites + " (of " + this.writesSeen + " writes seen)",
				"0"));
		rows.add(row("end to end, DONE: p50 / p99", String.format("%.0f ms / %.0f ms",
				Stats.median(this.endToEndMillis), Stats.percentile(this.endToEndMillis, 99)), ""));
		rows.add(row("of which, p50: to a retriever / to an llm-worker / backend",
				String.format("%.0f ms / %.0f ms / %.0f ms", Stats.median(this.stageMillis.get(0)),
						Stats.median(this.stageMillis.get(1)), Stats.median(this.stageMillis.get(2))),
				""));
		rows.add(row("time to drain after the last submission", String.format("%.1f s", this.drain.toMillis() / 1000.0),
				""));
		rows.add(row("faults", summary(this.faults), ""));
		return rows;
	}

	private static String[] row(String measure, Object result, String goal) {
		return new String[] { measure, String.valueOf(result), goal };
	}

	private static String describe(Map<?, Integer> counts) {
		return counts.isEmpty() ? ""
				: counts.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + " " + entry.getValue())
					.collect(Collectors.joining(", ", " (", ")"));
	}

	private static String summary(List<String> faults) {
		Map<String, Long> kinds = new TreeMap<>(faults.stream()
			.collect(Collectors.groupingBy(
					(fault) -> fault.startsWith("kill -9 retriever") || fault.startsWith("kill -9 llm")
							|| fault.startsWith("kill -9 fallback") ? "kill -9 of a worker" : fault,
					Collectors.counting())));
		return kinds.entrySet()
			.stream()
			.map((entry) -> entry.getValue() + " × " + entry.getKey())
			.collect(Collectors.joining("; "));
	}

	/** Collects a report submission by submission. */
	static final class Builder {

		private final int submitted;

		private final List<String> faults;

		private final Duration drain;

		private int accepted;

		private final Map<Integer, Integer> refusedByStatus = new TreeMap<>();

		private int unanswered;

		private int unansweredProcessed;

		private final Map<String, Integer> doneByBackend = new TreeMap<>();

		private final Map<String, Integer> failedByReason = new TreeMap<>();

		private final Map<String, String> lost = new TreeMap<>();

		private final List<String> ghosts = new ArrayList<>();

		private final List<Double> endToEnd = new ArrayList<>();

		private final List<List<Double>> stages = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

		private long duplicateVllmCalls;

		private long duplicateOllamaCalls;

		private long duplicateFinalWrites;

		private long writesSeen;

		Builder(int submitted, List<String> faults, Duration drain) {
			this.submitted = submitted;
			this.faults = faults;
			this.drain = drain;
		}

		void done(String backend, double endToEndMillis, double... stageMillis) {
			this.accepted++;
			this.doneByBackend.merge(backend, 1, Integer::sum);
			this.endToEnd.add(endToEndMillis);
			for (int i = 0; i < this.stages.size(); i++) {
				this.stages.get(i).add(stageMillis[i]);
			}
		}

		void failed(String reason) {
			this.accepted++;
			this.failedByReason.merge(reason, 1, Integer::sum);
		}

		void lost(String id, QueryStatus lastStatus) {
			this.accepted++;
			this.lost.put(id, (lastStatus != null) ? lastStatus.name() : "no document");
		}

		void refused(int status) {
			this.refusedByStatus.merge(status, 1, Integer::sum);
		}

		void ghost(String token) {
			this.ghosts.add(token);
		}

		void unanswered(boolean processed) {
			this.unanswered++;
			if (processed) {
				this.unansweredProcessed++;
			}
		}

		void duplicateCalls(long vllm, long ollama) {
			this.duplicateVllmCalls = vllm;
			this.duplicateOllamaCalls = ollama;
		}

		void finalWrites(long duplicates, long seen) {
			this.duplicateFinalWrites = duplicates;
			this.writesSeen = seen;
		}

		ChaosReport build() {
			return new ChaosReport(this.submitted, this.accepted, this.refusedByStatus, this.unanswered,
					this.unansweredProcessed, this.doneByBackend, this.failedByReason, this.lost, this.ghosts,
					this.duplicateVllmCalls, this.duplicateOllamaCalls, this.duplicateFinalWrites, this.writesSeen,
					known(this.endToEnd), this.stages.stream().map(Builder::known).toList(), this.drain, this.faults);
		}

		private static List<Double> known(List<Double> values) {
			return values.stream().filter((value) -> !value.isNaN()).toList();
		}

	}

}
