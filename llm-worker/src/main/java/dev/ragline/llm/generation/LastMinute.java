package dev.ragline.llm.generation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.ragline.contracts.WorkerStatus;

/**
 * The backend calls and reroutes of the last minute, for the worker's status (the
 * pipeline view): Micrometer's meters count since the start, an operator asks what
 * happens now. Bounded: at most {@link #CAPACITY} events are kept, the oldest go first.
 */
class LastMinute {

	static final int CAPACITY = 10_000;

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Clock clock;

	private final Deque<Event> calls = new ArrayDeque<>();

	private final Deque<Event> reroutes = new ArrayDeque<>();

	private record Event(long atMillis, String key, long durationMillis) {

	}

	LastMinute(Clock clock) {
		this.clock = clock;
	}

	synchronized void call(String backend, Duration duration) {
		add(this.calls, new Event(this.clock.millis(), backend, duration.toMillis()));
	}

	synchronized void rerouted(String reason) {
		add(this.reroutes, new Event(this.clock.millis(), reason, 0));
	}

	/** Per backend: calls of the last minute, median and 95th percentile duration. */
	synchronized Map<String, WorkerStatus.Calls> calls() {
		prune();
		Map<String, List<Long>> durations = new HashMap<>();
		for (Event call : this.calls) {
			durations.computeIfAbsent(call.key(), (backend) -> new ArrayList<>()).add(call.durationMillis());
		}
		Map<String, WorkerStatus.Calls> calls = new TreeMap<>();
		durations.forEach((backend, values) -> {
			values.sort(null);
			calls.put(backend,
					new WorkerStatus.Calls(values.size(), percentile(values, 0.50), percentile(values, 0.95)));
		});
		return calls;
	}

	/** Reroutes of the last minute per reason. */
	synchronized Map<String, Integer> reroutes() {
		prune();
		Map<String, Integer> counts = new TreeMap<>();
		for (Event reroute : this.reroutes) {
			counts.merge(reroute.key(), 1, Integer::sum);
		}
		return counts;
	}

	private void add(Deque<Event> events, Event event) {
		if (events.size() == CAPACITY) {
			events.removeFirst();
		}
		events.addLast(event);
	}

	private void prune() {
		long oldest = this.clock.millis() - WINDOW.toMillis();
		this.calls.removeIf((call) -> call.atMillis() < oldest);
		this.reroutes.removeIf((reroute) -> reroute.atMillis() < oldest);
	}

	/** The nearest-rank percentile of sorted {@code values}. */
	private static double percentile(List<Long> sorted, double fraction) {
		int rank = (int) Math.ceil(fraction * sorted.size());
		return sorted.get(Math.max(rank, 1) - 1);
	}

}
