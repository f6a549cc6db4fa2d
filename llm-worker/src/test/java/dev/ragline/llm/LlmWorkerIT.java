package dev.ragline.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ragline.contracts.Attempt;
import dev.ragline.contracts.Backends;
import dev.ragline.contracts.FallbackReason;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.Passage;
import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryResult;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.contracts.RaglineHeaders;
import dev.ragline.contracts.RetrievedQuery;
import dev.ragline.kafka.ReasonHeaders;
import dev.ragline.llm.ollama.OllamaClient;
import dev.ragline.resultstore.ResultStore;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.FakeVllm.ErrorEra;
import dev.ragline.testsupport.TestScope;
import dev.ragline.testsupport.TopicReader;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LlmWorkerIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final TestScope scope = TestScope.create();

	private static final FakeVllm vllm = FakeVllm.start("served-model");

	private static final FakeOllama ollama = FakeOllama.start("llama3.2");

	private static ConfigurableApplicationContext worker;

	private static ResultStore store;

	/** What the worker logs about reroutes and its circuit breaker. */
	private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeAll
	static void start() {
		worker = LlmWorkerApplication.builder()
			.properties(scope.properties())
			.properties(Map.of("spring.main.web-application-type", "none", "ragline.llm.roles", "primary,fallback",
					"ragline.vllm.base-url", vllm.baseUrl(), "ragline.vllm.model", "served-model",
					"ragline.vllm.read-timeout", "1s", "ragline.ollama.base-url", ollama.baseUrl(),
					"ragline.ollama.model", "llama3.2"))
			.run();
		store = worker.getBean(ResultStore.class);
		logs.start();
		for (String name : List.of("dev.ragline.llm.generation.FallbackRerouter",
				"dev.ragline.llm.vllm.VllmConfiguration")) {
			((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).addAppender(logs);
		}
	}

	@AfterAll
	static void stop() {
		worker.close();
		vllm.close();
		ollama.close();
	}

	@BeforeEach
	void resetFakesAndTheCircuit() {
		vllm.reset();
		ollama.reset();
		worker.getBean(CircuitBreaker.class).reset();
		logs.list.clear();
	}

	@Test
	void answersWithVllmAndKeepsTheSources() {
		vllm.answering("Scattering of sunlight [1].");

		QueryResult result = answer(publishRetrieved());

		assertThat(result.status()).isEqualTo(QueryStatus.DONE);
		assertThat(result.backend()).isEqualTo(Backends.VLLM);
		assertThat(result.model()).isEqualTo("served-model");
		assertThat(result.answer()).isEqualTo("Scattering of sunlight [1].");
		assertThat(result.sources()).extracting(Passage::documentId).containsExactly("doc-1");
		assertThat(result.fallbackReason()).isNull();
		assertThat(result.attempts()).extracting(Attempt::backend, Attempt::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("vllm", "answered"));
	}

	@ParameterizedTest
	@EnumSource(ErrorEra.class)
	void reroutesToOllamaWhenVllmDoesNotServeTheModelAndSaysWhy(ErrorEra era) {
		vllm.errorEra(era).serving("other-model");
		ollama.answering("Ollama's answer [1].");

		String id = publishRetrieved();
		QueryResult result = answer(id);

		assertThat(result.status()).isEqualTo(QueryStatus.DONE);
		assertThat(result.backend()).isEqualTo(Backends.OLLAMA);
		assertThat(result.answer()).isEqualTo("Ollama's answer [1].");
		assertThat(result.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_MODEL_NOT_FOUND);
		assertThat(result.fallbackReason().httpStatus()).isEqualTo(404);
		assertThat(result.fallbackReason().detail()).contains("The model `served-model` does not exist.",
				"Served models: [other-model]");
		assertThat(result.timestamps()).containsKeys(QueryStatus.GENERATING, QueryStatus.REROUTED, QueryStatus.DONE);
		assertThat(result.attempts()).extracting(Attempt::backend, Attempt::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("vllm", "rerouted"),
					org.assertj.core.groups.Tuple.tuple("ollama", "answered"));
		try (TopicReader fallback = TopicReader.of(scope.fallback())) {
			ConsumerRecord<String, byte[]> record = fallback.awaitKey(id, TIMEOUT);
			assertThat(TopicReader.header(record, RaglineHeaders.REASON))
				.isEqualTo(FallbackReason.VLLM_MODEL_NOT_FOUND);
			assertThat(TopicReader.header(record, RaglineHeaders.REASON_HTTP_STATUS)).isEqualTo("404");
			assertThat(MessageJson.read(record.value(), RetrievedQuery.class).id()).isEqualTo(id);
		}
		List<FakeVllm.Recorded> chats = ollama.chatRequests();
		assertThat(chats.get(chats.size() - 1).body()).contains("Rayleigh");
	}

	@Test
	void aFallbackThatAnswersBeforeThePrimaryRecordedTheRerouteRecordsItAtTheRecordsTime() {
		// the primary records REROUTED after the broker's ack; a fallback may answer
		// first,
		// and here the primary never writes it at all
		ollama.answering("Ollama's answer [1].");
		String id = UUID.randomUUID().toString();
		Instant generating = Instant.now();
		store.createIfAbsent(QueryResult.create(id, "Why is the sky blue?", QueryStatus.GENERATING, generating));
		long publishedAt = generating.toEpochMilli() + 5;
		FallbackReason reason = new FallbackReason(FallbackReason.VLLM_MODEL_NOT_FOUND, 404, "not served", 1);
		TopicReader.publish(new ProducerRecord<>(scope.fallback(), null, publishedAt, id,
				MessageJson.toBytes(retrieved(id)), ReasonHeaders.ofReroute("llm", reason, List.of())));

		QueryResult result = answer(id);

		assertThat(result.backend()).isEqualTo(Backends.OLLAMA);
		assertThat(result.fallbackReason()).isEqualTo(reason);
		assertThat(result.timestamps()).containsEntry(QueryStatus.REROUTED, Instant.ofEpochMilli(publishedAt));
	}

	@Test
	void reroutesToOllamaWhenVllmDoesNotAnswerInTime() {
		vllm.hanging(true);

		QueryResult result = answer(publishRetrieved());

		assertThat(result.backend()).isEqualTo(Backends.OLLAMA);
		assertThat(result.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_TIMEOUT);
		assertThat(result.fallbackReason().detail()).contains("read timeout");
	}

	@Test
	void reroutesToOllamaWhenTheBaseUrlReachesNoOpenAiRoutes() {
		vllm.openAiRoutes(false);

		QueryResult result = answer(publishRetrieved());

		assertThat(result.backend()).isEqualTo(Backends.OLLAMA);
		assertThat(result.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_ROUTE_NOT_FOUND);
		assertThat(result.fallbackReason().detail()).contains("{\"detail\":\"Not Found\"}");
	}

	@Test
	void failsSayingWhichModelToPullWhenOllamaLacksIt() {
		vllm.serving("other-model");
		ollama.pulled("mistral");

		String id = publishRetrieved();
		QueryResult result = answer(id);

		assertThat(result.status()).isEqualTo(QueryStatus.FAILED);
		assertThat(result.error().message()).contains("ollama pull llama3.2", FallbackReason.VLLM_MODEL_NOT_FOUND);
		try (TopicReader dead = TopicReader.of(scope.dead())) {
			ConsumerRecord<String, byte[]> record = dead.awaitKey(id, TIMEOUT);
			assertThat(TopicReader.header(record, RaglineHeaders.REASON)).isEqualTo(OllamaClient.MODEL_NOT_PULLED);
		}
	}

	@Test
	void failsWithBothReasonsWhenOllamaStaysBusyAfterRetries() {
		vllm.failingWith(500);
		ollama.busy(true);

		QueryResult result = answer(publishRetrieved());

		assertThat(result.status()).isEqualTo(QueryStatus.FAILED);
		assertThat(result.error().message()).contains(FakeOllama.BUSY_MESSAGE, FallbackReason.VLLM_UNAVAILABLE);
		assertThat(result.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_UNAVAILABLE);
	}

	@Test
	void aDuplicateDeliveryYieldsOneResult() {
		String id = UUID.randomUUID().toString();
		byte[] record = MessageJson.toBytes(retrieved(id));
		TopicReader.publish(scope.retrieved(), id, record);
		QueryResult first = answer(id);
		int generations = vllm.generations();

		TopicReader.publish(scope.retrieved(), 0, id, record);
		TopicReader.publish(scope.retrieved(), 0, "marker-" + id, MessageJson.toBytes(retrieved("marker-" + id)));
		answer("marker-" + id);

		assertThat(store.find(id)).get().isEqualTo(first);
		assertThat(vllm.generations()).isEqualTo(generations + 1);
	}

	@Test
	void keepsMaxInFlightCallsRunningAcrossPartitionsNotOnePerPartition() {
		// below this worker's 1 s read timeout
		vllm.latency(Duration.ofMillis(700));
		Map<String, byte[]> records = new LinkedHashMap<>();
		for (int i = 0; i < 100; i++) {
			String id = UUID.randomUUID().toString();
			records.put(id, MessageJson.toBytes(retrieved(id)));
		}

		TopicReader.publishAll(scope.retrieved(), records);
		records.keySet().forEach((id) -> assertThat(answer(id).backend()).isEqualTo(Backends.VLLM));

		assertThat(vllm.peakConcurrency()).as("calls running at once over %d partitions", TestScope.PARTITIONS)
			.isEqualTo(64);
		assertThat(vllm.generations()).isEqualTo(100);
	}

	@Test
	void writesTheGrowingAnswerWhileVllmStreamsIt() {
		vllm.answering("Blue light scatters more than red light in the atmosphere, so the sky looks blue [1].")
			.streamPace(Duration.ofMillis(40));
		String id = publishRetrieved();

		QueryResult partial = await().atMost(TIMEOUT)
			.until(() -> store.find(id).orElse(null), (result) -> result != null && result.partialAnswer() != null);
		QueryResult done = answer(id);

		assertThat(partial.status()).isEqualTo(QueryStatus.GENERATING);
		assertThat(done.answer()).startsWith(partial.partialAnswer());
		assertThat(done.partialAnswer()).isNull();
	}

	@Test
	void skipsACancelledQueryWithoutAskingAnyBackend() {
		String id = UUID.randomUUID().toString();
		cancel(id);
		String marker = "marker-" + id;

		TopicReader.publish(scope.retrieved(), 0, id, MessageJson.toBytes(retrieved(id)));
		TopicReader.publish(scope.retrieved(), 0, marker, MessageJson.toBytes(retrieved(marker)));
		answer(marker);

		assertThat(store.find(id)).get().satisfies((result) -> {
			assertThat(result.status()).isEqualTo(QueryStatus.CANCELLED);
			assertThat(result.answer()).isNull();
		});
		assertThat(vllm.generations()).as("only the marker was generated").isEqualTo(1);
	}

	@Test
	void abandonsAStreamingCallWhenItsQueryIsCancelled() {
		// 40 chunks at 250 ms: ten seconds of streaming if nobody stopped it
		vllm.answering("word ".repeat(40).strip()).streamPace(Duration.ofMillis(250));
		String id = publishRetrieved();
		await().atMost(TIMEOUT)
			.until(() -> store.find(id).orElse(null), (result) -> result != null && result.partialAnswer() != null);

		cancel(id);

		MeterRegistry meters = worker.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(3))
			.until(() -> meters.find("ragline.llm.calls").tag("reason", "CANCELLED").timer(),
					(timer) -> timer != null && timer.count() >= 1);
		assertThat(store.find(id)).get().satisfies((result) -> {
			assertThat(result.status()).isEqualTo(QueryStatus.CANCELLED);
			assertThat(result.answer()).isNull();
			assertThat(result.partialAnswer()).isNull();
		});
	}

	@Test
	void failsAnExpiredQueryWithoutAskingAnyBackend() {
		String id = UUID.randomUUID().toString();
		QueryMessage expired = new QueryMessage(1, id, "Too late?", null, null, null, Instant.now().minusSeconds(5),
				null);
		TopicReader.publish(scope.retrieved(), id,
				MessageJson.toBytes(new RetrievedQuery(expired, List.of(), Instant.now())));

		QueryResult result = answer(id);

		assertThat(result.status()).isEqualTo(QueryStatus.FAILED);
		assertThat(result.error().code()).isEqualTo("EXPIRED");
		assertThat(vllm.generationRequests()).isEmpty();
		assertThat(ollama.chatRequests()).isEmpty();
	}

	@Test
	void skipsVllmWhileItsCircuitIsOpenAndShowsTheStateInHealthAndMetrics() {
		vllm.failingWith(500);
		Map<String, byte[]> failing = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			String id = UUID.randomUUID().toString();
			failing.put(id, MessageJson.toBytes(retrieved(id)));
		}
		TopicReader.publishAll(scope.retrieved(), failing);
		failing.keySet().forEach(LlmWorkerIT::answer);
		int vllmRequests = vllm.generationRequests().size();

		QueryResult skipped = answer(publishRetrieved());

		assertThat(skipped.backend()).isEqualTo(Backends.OLLAMA);
		assertThat(skipped.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_CIRCUIT_OPEN);
		assertThat(skipped.attempts()).extracting(Attempt::backend).containsExactly("ollama");
		assertThat(vllm.generationRequests()).as("no call reached vLLM").hasSize(vllmRequests);
		Health health = worker.getBean("vllmHealthIndicator", HealthIndicator.class).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("circuitBreaker", "OPEN");
		MeterRegistry meters = worker.getBean(MeterRegistry.class);
		assertThat(meters.get("resilience4j.circuitbreaker.state").tag("state", "open").gauge().value()).isEqualTo(1.0);
		assertThat(meters.get("ragline.llm.reroutes").tag("reason", FallbackReason.VLLM_CIRCUIT_OPEN).counter().count())
			.isGreaterThanOrEqualTo(1.0);
		assertThat(logged(Level.WARN))
			.anySatisfy((line) -> assertThat(line).startsWith("vLLM circuit breaker CLOSED -> OPEN")
				.contains("queries go straight to the fallback"));
	}

	@Test
	void aServerThatDiesInTheMiddleOfItsAnswerIsAStreamErrorAndOllamaAnswers() {
		vllm.cuttingAfter(3);
		ollama.answering("Ollama's answer [1].");

		String id = publishRetrieved();
		QueryResult result = answer(id);

		assertThat(result.status()).isEqualTo(QueryStatus.DONE);
		assertThat(result.backend()).isEqualTo(Backends.OLLAMA);
		assertThat(result.fallbackReason().code()).isEqualTo(FallbackReason.VLLM_STREAM_ERROR);
		assertThat(result.fallbackReason().detail()).contains("the connection closed in the middle of the answer");
		assertThat(result.attempts()).extracting(Attempt::backend, Attempt::outcome, Attempt::httpStatus)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("vllm", "rerouted", 200),
					org.assertj.core.groups.Tuple.tuple("ollama", "answered", 200));
		assertThat(logged(Level.INFO)).anySatisfy((line) -> assertThat(line)
			.startsWith("Query " + id + " rerouted from vLLM to the fallback: " + FallbackReason.VLLM_STREAM_ERROR));
	}

	@Test
	void listsEveryCallRetriesIncludedInTheResult() {
		vllm.failingTimes(2, 503);

		QueryResult result = answer(publishRetrieved());

		assertThat(result.backend()).isEqualTo(Backends.VLLM);
		assertThat(result.attempts()).extracting(Attempt::backend, Attempt::outcome, Attempt::httpStatus)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("vllm", "retried", 503),
					org.assertj.core.groups.Tuple.tuple("vllm", "retried", 503),
					org.assertj.core.groups.Tuple.tuple("vllm", "answered", 200));
	}

	@Test
	void shrinksThePromptOnceToWhatVllmSaysFitsAndAnswers() {
		vllm.contextTokens(700).reportsContextLength(false);
		String id = UUID.randomUUID().toString();
		List<Passage> passages = new java.util.ArrayList<>();
		for (int i = 0; i < 4; i++) {
			passages
				.add(new Passage("doc-" + i, "Title " + i, "Air scatters blue light more than red. ".repeat(25), 1));
		}
		TopicReader.publish(scope.retrieved(), id, MessageJson
			.toBytes(new RetrievedQuery(QueryMessage.of(id, "Why is the sky blue?"), passages, Instant.now())));

		QueryResult result = answer(id);

		assertThat(result.status()).isEqualTo(QueryStatus.DONE);
		assertThat(result.backend()).isEqualTo(Backends.VLLM);
		assertThat(result.sources()).hasSizeLessThan(4);
		assertThat(result.attempts()).extracting(Attempt::outcome, Attempt::reason, Attempt::passages)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("retried", FallbackReason.VLLM_PROMPT_TOO_LONG, 4),
					org.assertj.core.groups.Tuple.tuple("answered", null, result.sources().size()));
	}

	private static List<String> logged(Level level) {
		return logs.list.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	@Test
	void keepsItsGroupMembershipThroughCallsLongerThanMaxPollInterval() {
		TestScope isolated = TestScope.create();
		vllm.latency(Duration.ofSeconds(4));
		try (ConfigurableApplicationContext slowWorker = LlmWorkerApplication.builder()
			.properties(isolated.properties())
			.properties(Map.of("spring.main.web-application-type", "none", "ragline.vllm.base-url", vllm.baseUrl(),
					"ragline.vllm.model", "served-model", "spring.kafka.consumer.properties.max.poll.interval.ms",
					1500))
			.run()) {
			ResultStore slowStore = slowWorker.getBean(ResultStore.class);
			Map<String, byte[]> records = new LinkedHashMap<>();
			for (int i = 0; i < 6; i++) {
				String id = UUID.randomUUID().toString();
				records.put(id, MessageJson.toBytes(retrieved(id)));
			}

			TopicReader.publishAll(isolated.retrieved(), records);

			for (String id : records.keySet()) {
				QueryResult result = await().atMost(TIMEOUT)
					.until(() -> slowStore.find(id).orElse(null), (found) -> found != null && found.status().isFinal());
				assertThat(result.backend()).isEqualTo(Backends.VLLM);
			}
			assertThat(vllm.generations()).as("each query answered once: no rebalance re-delivered any").isEqualTo(6);
		}
	}

	/** Cancels {@code id} as {@code DELETE /api/queries/{id}} does. */
	private static void cancel(String id) {
		Instant now = Instant.now();
		store.update(id,
				(current) -> ((current != null) ? current.toBuilder()
						: QueryResult.create(id, "Why is the sky blue?", QueryStatus.QUEUED, now).toBuilder())
					.status(QueryStatus.CANCELLED, now)
					.partialAnswer(null)
					.build());
	}

	@Test
	void commitsTheRecordsItFinishedOnceItsAckTimeIsOver() throws Exception {
		vllm.answering("Committed [1].");
		List<String> ids = List.of(publishRetrieved(), publishRetrieved(), publishRetrieved());
		ids.forEach(LlmWorkerIT::answer);
		Map<TopicPartition, Long> published = new HashMap<>();
		try (TopicReader reader = TopicReader.of(scope.retrieved())) {
			for (String id : ids) {
				ConsumerRecord<String, byte[]> record = reader.awaitKey(id, TIMEOUT);
				published.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
			}
		}
		String group = worker.getBean(LlmProperties.class).groupId();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				worker.getEnvironment().getProperty("spring.kafka.bootstrap-servers")))) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				published.forEach((partition, offset) -> {
					OffsetAndMetadata commit = committed.get(partition);
					assertThat(commit).as("a commit for %s", partition).isNotNull();
					assertThat(commit.offset()).as("committed past the finished record of %s", partition)
						.isGreaterThan(offset);
				});
			});
		}
	}

	private static String publishRetrieved() {
		String id = UUID.randomUUID().toString();
		TopicReader.publish(scope.retrieved(), id, MessageJson.toBytes(retrieved(id)));
		return id;
	}

	private static RetrievedQuery retrieved(String id) {
		return RetrievedQueries.about(id, "Why is the sky blue?");
	}

	private static QueryResult answer(String id) {
		return await().atMost(TIMEOUT)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> store.find(id).orElse(null), (result) -> result != null && result.status().isFinal());
	}

}
