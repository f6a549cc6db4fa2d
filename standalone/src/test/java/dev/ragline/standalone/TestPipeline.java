package dev.ragline.standalone;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ragline.contracts.MessageJson;
import dev.ragline.retriever.documents.SampleCorpus;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline in the test's JVM, as the end-to-end tests start it: every service
 * of {@link RaglineServices} in the test's scope on the shared broker and redis-server,
 * the fake vLLM and Ollama as its backends, BM25 retrieval (it starts fastest; retrieval
 * quality is for the retriever's own tests and the eval) over the sample corpus.
 */
public final class TestPipeline {

	public static final Duration TIMEOUT = Duration.ofSeconds(30);

	public static final String VLLM_MODEL = "qwen2.5-1.5b-instruct";

	public static final String OLLAMA_MODEL = "llama3.2";

	private TestPipeline() {
	}

	/** The settings of such a pipeline, for a test to add its own to. */
	public static Map<String, Object> properties(TestScope scope, FakeVllm vllm, FakeOllama ollama) {
		Map<String, Object> properties = new LinkedHashMap<>(scope.properties());
		properties.put("server.port", 0);
		properties.put("ragline.vllm.base-url", vllm.baseUrl());
		properties.put("ragline.vllm.model", VLLM_MODEL);
		properties.put("ragline.ollama.base-url", ollama.baseUrl());
		properties.put("ragline.ollama.model", OLLAMA_MODEL);
		properties.put("ragline.retriever.mode", "bm25");
		return properties;
	}

	/**
	 * Publishes the sample corpus to the scope's documents topic, starts the services and
	 * waits until the retriever has indexed it.
	 */
	public static RaglineServices start(TestScope scope, Map<String, Object> properties) {
		Map<String, byte[]> corpus = new LinkedHashMap<>();
		SampleCorpus.documents().forEach((document) -> corpus.put(document.id(), MessageJson.toBytes(document)));
		TopicReader.publishAll(scope.documents(), corpus);
		RaglineServices services = RaglineServices.start(properties);
		services.awaitRetrieverReady(TIMEOUT);
		return services;
	}

	/** The result document of query {@code id} once it is DONE or FAILED. */
	public static JsonNode awaitFinal(String api, String id) {
		return await().atMost(TIMEOUT).until(() -> {
			HttpJson.Response response = HttpJson.get(api + "/" + id);
			return (response.status() == 200) ? response.json() : null;
		}, (json) -> json != null
				&& ("DONE".equals(json.path("status").asString()) || "FAILED".equals(json.path("status").asString())));
	}

}
