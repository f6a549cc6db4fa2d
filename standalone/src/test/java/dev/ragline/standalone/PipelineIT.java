package dev.ragline.standalone;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.InvalidMessageException;
import dev.ragline.contracts.RaglineHeaders;
import dev.ragline.resultstore.CorpusVersion;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.retriever.RetrieverWorkerApplication;
import dev.ragline.retriever.documents.DocumentsFollower;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline, every hop real (HTTP, Kafka, Lucene, Redis); only the LLM servers
 * are fakes that answer as vLLM and Ollama do.
 */
class PipelineIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String QUESTION = "Does vitamin D deficiency affect parathyroid hormone?";

	private static final TestScope scope = TestScope.create();

	private static final FakeVllm vllm = FakeVllm.start("qwen2.5-1.5b-instruct");

	private static final FakeOllama ollama = FakeOllama.start("llama3.2");

	private static RaglineServices services;

	private static String api;

	@BeforeAll
	static void start() {
		Map<String, Object> properties = TestPipeline.properties(scope, vllm, ollama);
		properties.put("ragline.vllm.read-timeout", "1500ms");
		services = TestPipeline.start(scope, properties);
		api = "http://127.0.0.1:" + services.httpPort() + "/api/queries";
	}

	@AfterAll
	static void stop() {
		services.close();
		vllm.close();
		ollama.close();
	}

	@BeforeEach
	void resetFakes() {
		vllm.reset();
		ollama.reset();
	}

	@Test
	void answersTheSameQuestionAgainAtOnceFromTheAnswerTheWorkerCached() {
		vllm.answering("Statins show no clear effect on dementia risk [1].");
		String question = "Do statins reduce the risk of dementia? (" + System.nanoTime() + ")";
		HttpJson.Response first = HttpJson.postJson(api, "{\"question\":\"" + question + "\"}");
		assertThat(first.status()).isEqualTo(202);
		String firstId = first.json().path("id").asString();
		assertThat(awaitFinal(firstId).path("backend").asString()).isEqualTo(Backends.VLLM);
		int generations = vllm.generations();

		HttpJson.Response again = HttpJson.postJson(api,
				"{\"question\":\"  " + question.toUpperCase(java.util.Locale.ROOT) + " \"}");

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("status").asString()).isEqualTo("DONE");
		assertThat(again.json().path("backend").asString()).isEqualTo("cache");
		assertThat(again.json().path("cachedFrom").asString()).isEqualTo(firstId);
		assertThat(again.json().path("answer").asString())
			.isEqualTo("Statins show no clear effect on dementia risk [1].");
		assertThat(again.json().path("sources")).isNotEmpty();
		assertThat(vllm.generations()).isEqualTo(generations);
	}

	@Test
	void aRetrieverReplicaAddedOnAnUnchangedCollectionKeepsTheCachedAnswers() {
		String question = "Is the answer cache kept when a replica joins? (" + System.nanoTime() + ")";
		HttpJson.Response first = HttpJson.postJson(api, "{\"question\":\"" + question + "\"}");
		String firstId = first.json().path("id").asString();
		assertThat(awaitFinal(firstId).path("status").asString()).isEqualTo("DONE");
		long version = services.ingest().getBean(CorpusVersion.class).current();

		Map<String, Object> replica = new LinkedHashMap<>(scope.properties());
		replica.put("spring.main.web-application-type", "none");
		replica.put("ragline.retriever.mode", "bm25");
		try (ConfigurableApplicationContext second = RetrieverWorkerApplication.builder().properties(replica).run()) {
			await().atMost(TIMEOUT)
				.until(() -> second.getBean(DocumentsFollower.class).state() == DocumentsFollower.State.READY);

			assertThat(services.ingest().getBean(CorpusVersion.class).current()).isEqualTo(version);
			HttpJson.Response again = HttpJson.postJson(api, "{\"question\":\"" + question + "\"}");
			assertThat(again.status()).isEqualTo(200);
			assertThat(again.json().path("backend").asString()).isEqualTo("cache");
			assertThat(again.json().path("cachedFrom").asString()).isEqualTo(firstId);
		}
	}

	@Test
	void answersAQuestionSubmittedOverHttpWithVllmAndItsSources() {
		vllm.answering("Yes: low vitamin D raises PTH [1].");

		JsonNode result = awaitFinal(submit(QUESTION));

		assertThat(result.path("status").asString()).isEqualTo("DONE");
		assertThat(result.path("backend").asString()).isEqualTo(Backends.VLLM);
		assertThat(result.path("model").asString()).isEqualTo("qwen2.5-1.5b-instruct");
		assertThat(result.path("answer").asString()).isEqualTo("Yes: low vitamin D raises PTH [1].");
		assertThat(result.path("sources")).isNotEmpty();
		assertThat(result.path("sources").path(0).path("title").asString()).containsIgnoringCase("parathyroid");
		assertThat(result.path("timestamps").propertyNames()).containsExactly("QUEUED", "RETRIEVING", "GENERATING",
				"DONE");
		List<FakeVllm.Recorded> generations = vllm.generationRequests();
		String prompt = generations.get(generations.size() - 1).body();
		assertThat(prompt).contains(QUESTION, "[1] ");
	}

	@Test
	void showsTheSameDocumentOverHttpAndInRedis() {
		String id = submit(QUESTION);
		awaitFinal(id);

		String overHttp = HttpJson.get(api + "/" + id).body();

		assertThat(overHttp).isEqualTo(services.ingest().getBean(ResultStore.class).findJson(id).orElseThrow());
	}

	@Test
	void reroutesToOllamaWhenVllmAnswersModelNotFoundAndRecordsWhy() {
		vllm.serving("some-other-model");
		ollama.answering("Ollama says yes [1].");

		JsonNode result = awaitFinal(submit(QUESTION));

		assertThat(result.path("status").asString()).isEqualTo("DONE");
		assertThat(result.path("backend").asString()).isEqualTo(Backends.OLLAMA);
		assertThat(result.path("answer").asString()).isEqualTo("Ollama says yes [1].");
		assertThat(result.path("fallbackReason").path("code").asString())
			.isEqualTo(FallbackReason.VLLM_MODEL_NOT_FOUND);
		assertThat(result.path("fallbackReason").path("httpStatus").asInt()).isEqualTo(404);
		assertThat(result.path("fallbackReason").path("detail").asString())
			.contains("The model `qwen2.5-1.5b-instruct` does not exist.");
	}

	@Test
	void reroutesToOllamaWhenVllmTimesOut() {
		vllm.hanging(true);

		JsonNode result = awaitFinal(submit(QUESTION));

		assertThat(result.path("backend").asString()).isEqualTo(Backends.OLLAMA);
		assertThat(result.path("fallbackReason").path("code").asString()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
	}

	@Test
	void answersARawJsonRecordFromAPlainKafkaProducerWithoutHeaders() throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(TopicReader.producerProperties())) {
			producer.send(new ProducerRecord<>(scope.queries(), "raw-1", "{\"question\":\"" + QUESTION + "\"}")).get();
		}

		JsonNode result = awaitFinal("raw-1");

		assertThat(result.path("status").asString()).isEqualTo("DONE");
		assertThat(result.path("question").asString()).isEqualTo(QUESTION);
		assertThat(result.path("backend").asString()).isEqualTo(Backends.VLLM);
	}

	@Test
	void deadLettersAnInvalidRecordAndStillAnswersTheNextOne() {
		TopicReader.publish(scope.queries(), 2, "no-question", "{\"id\":\"no-question\"}".getBytes());
		TopicReader.publish(scope.queries(), 2, "next-one", ("{\"question\":\"" + QUESTION + "\"}").getBytes());

		try (TopicReader dead = TopicReader.of(scope.dead())) {
			ConsumerRecord<String, byte[]> record = dead.awaitKey("no-question", TIMEOUT);
			assertThat(TopicReader.header(record, RaglineHeaders.REASON))
				.isEqualTo(InvalidMessageException.INVALID_MESSAGE);
			assertThat(TopicReader.header(record, RaglineHeaders.REASON_DETAIL)).contains("question is missing");
		}
		assertThat(awaitFinal("next-one").path("status").asString()).isEqualTo("DONE");
		JsonNode failed = awaitFinal("no-question");
		assertThat(failed.path("status").asString()).isEqualTo("FAILED");
		assertThat(failed.path("error").path("message").asString()).contains("question is missing");
	}

	/**
	 * Submits {@code question} past the answer cache: these tests ask the same question
	 * and each wants the pipeline to answer it.
	 */
	private static String submit(String question) {
		HttpJson.Response response = HttpJson.postJson(api, "{\"question\":\"" + question + "\",\"cache\":false}");
		assertThat(response.status()).isEqualTo(202);
		return response.json().path("id").asString();
	}

	private static JsonNode awaitFinal(String id) {
		return TestPipeline.awaitFinal(api, id);
	}

}
