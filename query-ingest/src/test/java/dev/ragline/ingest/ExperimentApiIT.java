package dev.ragline.ingest;

import java.time.Duration;
import java.time.Instant;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.contracts.WorkerStatus;
import dev.ragline.resultstore.ExperimentSettings;
import dev.ragline.resultstore.WorkerStatusBoard;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/experiment}: the experiment shared with every llm-worker (in Redis, where
 * the workers read it), what each worker reports it runs, and clear 400s for a wrong
 * setting.
 */
class ExperimentApiIT {

	private static final TestScope scope = TestScope.create();

	private static IngestServer ingest;

	private static String api;

	@BeforeAll
	static void start() {
		ingest = IngestServer.start(scope);
		api = ingest.url("/api/experiment");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@AfterEach
	void clear() {
		ingest.bean(ExperimentSettings.class).clear();
	}

	@Test
	void sharesTheExperimentWithTheWorkersAndShowsWhatEachRuns() {
		ingest.bean(WorkerStatusBoard.class)
			.write(new WorkerStatus(WorkerStatus.LLM_WORKER, "primary", "host:7", Instant.now(), Instant.now(), 0, 64,
					null, null, null, null, null, null, new ExperimentSetting("shadow", 0.2, "ollama", null)),
					Duration.ofMinutes(1));
		assertThat(HttpJson.get(api).json().path("shared").isNull()).as("nothing shared yet").isTrue();

		HttpJson.Response put = HttpJson.putJson(api,
				"{\"mode\":\"shadow\",\"share\":0.25,\"shadowBackend\":\"vllm\"}");

		assertThat(put.status()).isEqualTo(200);
		assertThat(put.json().path("shared").path("mode").asString()).isEqualTo("shadow");
		assertThat(ingest.bean(ExperimentSettings.class).read()).hasValueSatisfying((setting) -> {
			assertThat(setting.share()).isEqualTo(0.25);
			assertThat(setting.shadowBackend()).isEqualTo("vllm");
			assertThat(setting.changedAt()).isNotNull();
		});
		HttpJson.Response view = HttpJson.get(api);
		assertThat(view.json().path("workers").get(0).path("instance").asString()).isEqualTo("host:7");
		assertThat(view.json().path("workers").get(0).path("experiment").path("share").asDouble()).isEqualTo(0.2);

		HttpJson.Response modeOnly = HttpJson.putJson(api, "{\"mode\":\"split\"}");
		assertThat(modeOnly.json().path("shared").path("share").asDouble()).as("the share kept").isEqualTo(0.25);

		assertThat(HttpJson.delete(api).json().path("shared").isNull()).isTrue();
		assertThat(ingest.bean(ExperimentSettings.class).read()).isEmpty();
	}

	@Test
	void refusesAWrongSettingNamingTheFieldAndKeepsTheSharedOne() {
		HttpJson.putJson(api, "{\"mode\":\"shadow\",\"share\":0.1}");

		assertRefused("{\"mode\":\"canary\"}", "mode", "mode must be one of [off, shadow, split]");
		assertRefused("{\"mode\":\"shadow\",\"share\":1.5}", "share", "share must be between 0 and 1");
		assertRefused("{\"mode\":\"shadow\",\"share\":\"half\"}", "share", "share must be a number");
		assertRefused("{\"mode\":\"shadow\",\"shadowBackend\":\"openai\"}", "shadowBackend",
				"shadowBackend must be one of [ollama, vllm]");
		assertRefused("{\"share\":0.5}", "mode", "mode is required");
		assertRefused("[1]", null, "must be a JSON object");
		assertRefused("{\"mode\":", null, "not valid JSON");
		assertThat(ingest.bean(ExperimentSettings.class).read().orElseThrow().share()).isEqualTo(0.1);
	}

	private static void assertRefused(String body, String field, String message) {
		HttpJson.Response response = HttpJson.putJson(api, body);
		assertThat(response.status()).as(body).isEqualTo(400);
		assertThat(response.json().path("detail").asString()).as(body).contains(message);
		if (field != null) {
			assertThat(response.json().path("field").asString()).as(body).isEqualTo(field);
		}
	}

}
