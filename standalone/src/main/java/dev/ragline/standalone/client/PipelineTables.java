package dev.ragline.standalone.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.contracts.WorkerStatus;
import dev.ragline.ingest.pipeline.PipelineView;
import dev.ragline.ingest.pipeline.PipelineView.CacheStats;
import dev.ragline.ingest.pipeline.PipelineView.GroupLag;

/**
 * {@code ./ragline status} as text: the pipeline view in tables, one line per consumer
 * group, one per worker and one per backend (its own figures), then the reroutes and the
 * answer cache, so one screen shows where work waits, who does it and how the backends
 * answer. A stage whose records wait with no process to read them is marked
 * {@value #NO_CONSUMER}; what query-ingest could not read (Kafka or Redis away) is named
 * above the tables.
 */
final class PipelineTables {

	static final String NO_CONSUMER = "NO CONSUMER";

	/** A cell with nothing to show. */
	private static final String NOTHING = "-";

	private PipelineTables() {
	}

	static String render(PipelineView view) {
		StringBuilder text = new StringBuilder();
		text.append("Pipeline at ").append(view.generatedAt()).append('\n');
		view.problems().forEach((problem) -> text.append("Problem: ").append(problem).append('\n'));
		text.append('\n');
		text.append(section("Consumer groups", groups(view.groups()))).append('\n');
		text.append(section("Workers", workers(view.workers()))).append('\n');
		text.append(section("Backends (their own figures)",
				backends((view.backends() != null) ? view.backends() : List.of())))
			.append('\n');
		text.append("Reroutes in the last minute: ")
			.append(joined(view.reroutesLastMinute(), PipelineTables::pair, "none"))
			.append('\n');
		text.append("Answer cache: ").append(cache(view.cache())).append('\n');
		return text.toString();
	}

	private static String section(String title, TextTable table) {
		return table.hasRows() ? title + "\n" + table.render() : title + ": none\n";
	}

	private static TextTable groups(List<GroupLag> groups) {
		TextTable table = new TextTable("STAGE", "TOPIC", "GROUP", "MEMBERS", "PARTITIONS", "LAG", "RECORDS/S");
		for (GroupLag group : groups) {
			boolean unread = group.lag() > 0 && group.members() == 0;
			table.row(group.stage(), group.topic(), group.group(), Integer.toString(group.members()),
					Integer.toString(group.partitions()), group.lag() + (unread ? " " + NO_CONSUMER : ""),
					(group.recordsPerSecond() != null) ? format("%.1f", group.recordsPerSecond()) : NOTHING);
		}
		return table;
	}

	private static TextTable workers(List<WorkerStatus> workers) {
		TextTable table = new TextTable("SERVICE/ROLE", "INSTANCE", "IN FLIGHT", "BREAKERS", "CALLS", "REROUTES/MIN",
				"DOCUMENTS");
		for (WorkerStatus worker : workers) {
			table.row((worker.role() != null) ? worker.service() + "/" + worker.role() : worker.service(),
					worker.instance(), inFlight(worker), joined(worker.breakers(), PipelineTables::pair, NOTHING),
					joined(worker.calls(), PipelineTables::calls, NOTHING),
					joined(worker.reroutesLastMinute(), PipelineTables::pair, NOTHING), documents(worker));
		}
		return table;
	}

	private static TextTable backends(List<BackendTelemetry> backends) {
		TextTable table = new TextTable("BACKEND", "RUNNING", "WAITING", "KV CACHE", "FIRST TOKEN", "LATENCY",
				"TOKENS/S IN/OUT", "MODELS LOADED");
		for (BackendTelemetry backend : backends) {
			if (!backend.reachable()) {
				table.row(backend.backend(), "unreadable: " + backend.problem(), "", "", "", "", "", "");
				continue;
			}
			table.row(backend.backend(), number("%.0f", backend.requestsRunning()),
					number("%.0f", backend.requestsWaiting()),
					(backend.kvCacheUsage() != null) ? format("%.0f%%", backend.kvCacheUsage() * 100) : NOTHING,
					number("%.0f ms", backend.timeToFirstTokenMs()), number("%.0f ms", backend.requestLatencyMs()),
					(backend.promptTokensPerSecond() != null || backend.generationTokensPerSecond() != null)
							? number("%.0f", backend.promptTokensPerSecond()) + "/"
									+ number("%.0f", backend.generationTokensPerSecond())
							: NOTHING,
					(backend.modelsLoaded() != null)
							? backend.modelsLoaded() + " (" + format("%.1f GB", backend.modelMemoryBytes() / 1e9) + ")"
							: NOTHING);
		}
		return table;
	}

	private static String number(String format, Double value) {
		return (value != null) ? format(format, value) : NOTHING;
	}

	private static String inFlight(WorkerStatus worker) {
		if (worker.inFlight() == null) {
			return NOTHING;
		}
		return worker.inFlight() + ((worker.maxInFlight() != null) ? "/" + worker.maxInFlight() : "");
	}

	private static String calls(String backend, WorkerStatus.Calls calls) {
		return backend + " " + calls.lastMinute() + "/min"
				+ ((calls.p50Ms() != null) ? format(" p50 %.0f ms", calls.p50Ms()) : "")
				+ ((calls.p95Ms() != null) ? format(" p95 %.0f ms", calls.p95Ms()) : "");
	}

	private static String documents(WorkerStatus worker) {
		if (worker.documents() == null) {
			return NOTHING;
		}
		String corpus = (worker.corpusVersion() != null) ? " (corpus " + worker.corpusVersion() + ")" : "";
		return worker.documents() + corpus;
	}

	private static String cache(CacheStats cache) {
		if (cache.hitRate() == null) {
			return "no lookups yet";
		}
		return format("%.0f%% hits (%d of %d lookups)", cache.hitRate() * 100, cache.hits(), cache.lookups());
	}

	private static String pair(String key, Object value) {
		return key + " " + value;
	}

	/** The entries by key, each as {@code entry} makes it, or {@code none} when empty. */
	private static <V> String joined(Map<String, V> entries, BiFunction<String, V, String> entry, String none) {
		if (entries.isEmpty()) {
			return none;
		}
		return new TreeMap<>(entries).entrySet()
			.stream()
			.map((each) -> entry.apply(each.getKey(), each.getValue()))
			.collect(Collectors.joining(", "));
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
