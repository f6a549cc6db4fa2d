package dev.ragline.ingest.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.contracts.WorkerStatus;
import dev.ragline.ingest.query.CacheLookups;
import dev.ragline.resultstore.WorkerStatusBoard;

/**
 * Gathers the {@link PipelineView}: what cannot be read (Kafka or Redis away) is left out
 * and named in {@code problems}, so the view still shows what it can. A view is served
 * again for {@link #FRESH}: every open console asks every 2 s, and one look at the broker
 * and Redis serves them all.
 */
class PipelineViews {

	static final Duration FRESH = Duration.ofSeconds(1);

	private PipelineView last;

	private final ConsumerGroupLags lags;

	private final WorkerStatusBoard workers;

	private final CacheLookups cacheLookups;

	private final Clock clock;

	PipelineViews(ConsumerGroupLags lags, WorkerStatusBoard workers, CacheLookups cacheLookups, Clock clock) {
		this.lags = lags;
		this.workers = workers;
		this.cacheLookups = cacheLookups;
		this.clock = clock;
	}

	synchronized PipelineView gather() {
		if (this.last != null && this.clock.instant().isBefore(this.last.generatedAt().plus(FRESH))) {
			return this.last;
		}
		this.last = look();
		return this.last;
	}

	private PipelineView look() {
		List<String> problems = new ArrayList<>();
		List<PipelineView.GroupLag> groups = List.of();
		try {
			groups = this.lags.read();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			problems.add("Kafka: interrupted");
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			problems.add("Kafka could not be read: " + cause);
		}
		List<WorkerStatus> statuses = List.of();
		try {
			statuses = this.workers.all();
		}
		catch (RuntimeException ex) {
			problems.add("Redis could not be read: " + ex);
		}
		Map<String, Integer> reroutes = new TreeMap<>();
		statuses.forEach((status) -> status.reroutesLastMinute()
			.forEach((reason, count) -> reroutes.merge(reason, count, Integer::sum)));
		return new PipelineView(this.clock.instant(), groups, statuses, reroutes, newestPerBackend(statuses),
				PipelineView.CacheStats.of(this.cacheLookups.lookups(), this.cacheLookups.hits()), problems);
	}

	/** Each backend as the worker that read it last saw it, by backend name. */
	static List<BackendTelemetry> newestPerBackend(List<WorkerStatus> statuses) {
		Map<String, BackendTelemetry> newest = new TreeMap<>();
		statuses.forEach((status) -> status.backends()
			.forEach((backend, telemetry) -> newest.merge(backend, telemetry,
					(a, b) -> a.readAt().isAfter(b.readAt()) ? a : b)));
		return List.copyOf(newest.values());
	}

}
