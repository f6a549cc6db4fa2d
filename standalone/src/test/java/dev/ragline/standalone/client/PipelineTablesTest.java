package dev.ragline.standalone.client;

import dev.ragline.ingest.pipeline.PipelineView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./ragline status}'s tables, from the JSON {@code GET /api/pipeline} answers. */
class PipelineTablesTest {

	@Test
	void showsEachGroupAndWorkerOnALineWithAlignedColumns() {
		String json = """
				{"generatedAt": "2026-12-02T14:40:00Z",
				 "groups": [
				  {"stage": "retriever", "topic": "ragline.queries", "group": "ragline-retriever", "members": 2,
				   "partitions": 12, "lag": 0, "recordsPerSecond": 12.5},
				  {"stage": "llm", "topic": "ragline.retrieved", "group": "ragline-llm", "members": 0,
				   "partitions": 12, "lag": 40, "recordsPerSecond": null}],
				 "workers": [
				  {"service": "llm-worker", "role": "primary", "instance": "host:1234",
				   "startedAt": "2026-12-02T14:00:00Z", "updatedAt": "2026-12-02T14:39:59Z",
				   "inFlight": 3, "maxInFlight": 64, "breakers": {"vllm": "CLOSED"},
				   "calls": {"vllm": {"lastMinute": 12, "p50Ms": 201.0, "p95Ms": 230.4},
				             "ollama": {"lastMinute": 0, "p50Ms": null, "p95Ms": null}},
				   "reroutesLastMinute": {"VLLM_MODEL_NOT_FOUND": 3}, "documents": null, "corpusVersion": null},
				  {"service": "retriever-worker", "role": "retriever", "instance": "host:99",
				   "startedAt": "2026-12-02T14:00:00Z", "updatedAt": "2026-12-02T14:39:58Z",
				   "inFlight": null, "maxInFlight": null, "breakers": {}, "calls": {}, "reroutesLastMinute": {},
				   "documents": 5183, "corpusVersion": 7}],
				 "reroutesLastMinute": {"VLLM_MODEL_NOT_FOUND": 3},
				 "backends": [
				  {"backend": "ollama", "reachable": true, "readAt": "2026-12-02T14:39:59Z", "modelsLoaded": 1,
				   "modelMemoryBytes": 3253468160},
				  {"backend": "vllm", "reachable": true, "readAt": "2026-12-02T14:39:59Z", "requestsRunning": 12.0,
				   "requestsWaiting": 30.0, "kvCacheUsage": 0.87, "timeToFirstTokenMs": 412.3,
				   "requestLatencyMs": 2210.0, "promptTokensPerSecond": 5120.4, "generationTokensPerSecond": 610.0}],
				 "cache": {"lookups": 10, "hits": 3, "hitRate": 0.3},
				 "problems": []}
				""";
		String expected = """
				Pipeline at 2026-12-02T14:40:00Z

				Consumer groups
				STAGE      TOPIC              GROUP              MEMBERS  PARTITIONS  LAG             RECORDS/S
				retriever  ragline.queries    ragline-retriever  2        12          0               12.5
				llm        ragline.retrieved  ragline-llm        0        12          40 NO CONSUMER  -

				Workers
				SERVICE/ROLE                INSTANCE   IN FLIGHT  BREAKERS     CALLS                                            REROUTES/MIN            DOCUMENTS
				llm-worker/primary          host:1234  3/64       vllm CLOSED  ollama 0/min, vllm 12/min p50 201 ms p95 230 ms  VLLM_MODEL_NOT_FOUND 3  -
				retriever-worker/retriever  host:99    -          -            -                                                -                       5183 (corpus 7)

				Backends (their own figures)
				BACKEND  RUNNING  WAITING  KV CACHE  FIRST TOKEN  LATENCY  TOKENS/S IN/OUT  MODELS LOADED
				ollama   -        -        -         -            -        -                1 (3.3 GB)
				vllm     12       30       87%       412 ms       2210 ms  5120/610         -

				Reroutes in the last minute: VLLM_MODEL_NOT_FOUND 3
				Answer cache: 30% hits (3 of 10 lookups)
				""";
		assertThat(render(json)).isEqualTo(expected);
	}

	@Test
	void namesWhatQueryIngestCouldNotReadAndWhatIsEmpty() {
		String json = """
				{"generatedAt": "2026-12-02T14:40:00Z", "groups": [], "workers": [], "reroutesLastMinute": {},
				 "cache": {"lookups": 0, "hits": 0, "hitRate": null},
				 "problems": ["Redis could not be read: connection refused"]}
				""";
		String expected = """
				Pipeline at 2026-12-02T14:40:00Z
				Problem: Redis could not be read: connection refused

				Consumer groups: none

				Workers: none

				Backends (their own figures): none

				Reroutes in the last minute: none
				Answer cache: no lookups yet
				""";
		assertThat(render(json)).isEqualTo(expected);
	}

	private static String render(String json) {
		return PipelineTables.render(ResponseJson.read(json, PipelineView.class));
	}

}
