package dev.ragline.ingest.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.BackendTelemetry;
import dev.ragline.contracts.WorkerStatus;

/**
 * The pipeline as {@code GET /api/pipeline} shows it: the work waiting for each stage
 * (from Kafka), what each worker is doing (from the statuses they write), and this
 * process's answer cache.
 *
 * @param generatedAt when it was gathered
 * @param groups every consumer group reading a pipeline topic
 * @param workers every worker that wrote its status in the last few seconds
 * @param reroutesLastMinute the workers' reroutes of the last minute, per reason
 * @param backends the LLM backends as they last described themselves (vLLM's queue and KV
 * cache, Ollama's loaded models), each from the worker that read it last
 * @param cache this query-ingest's answer cache lookups
 * @param problems what could not be gathered (Kafka or Redis away), in words
 */
public record PipelineView(Instant generatedAt, List<GroupLag> groups, List<WorkerStatus> workers,
		Map<String, Integer> reroutesLastMinute, List<BackendTelemetry> backends, CacheStats cache,
		List<String> problems) {

	/**
	 * One consumer group on one pipeline topic.
	 *
	 * @param stage {@code retriever}, {@code llm} or {@code llm-fallback}
	 * @param topic the topic it reads
	 * @param group the group id
	 * @param members members now
	 * @param partitions the topic's partitions
	 * @param lag records not yet committed by the group, over all partitions
	 * @param recordsPerSecond records committed per second since the previous look, or
	 * {@code null} on the first
	 */
	public record GroupLag(String stage, String topic, String group, int members, int partitions, long lag,
			Double recordsPerSecond) {

	}

	/**
	 * @param hitRate hits over lookups, {@code null} before the first lookup
	 */
	public record CacheStats(long lookups, long hits, Double hitRate) {

		static CacheStats of(long lookups, long hits) {
			return new CacheStats(lookups, hits, (lookups == 0) ? null : (double) hits / lookups);
		}

	}

}
