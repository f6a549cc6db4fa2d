package dev.ragline.standalone.console;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ragline.llm.experiment.Experiment;
import dev.ragline.standalone.RaglineServices;
import dev.ragline.standalone.TestPipeline;
import dev.ragline.testsupport.FakeOllama;
import dev.ragline.testsupport.FakeVllm;
import dev.ragline.testsupport.HttpJson;
import dev.ragline.testsupport.TestScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (headless Chromium) against a running pipeline: a
 * question asked on the page moves to DONE with its sources, a reroute says why in words,
 * and the pipeline view shows a backlog's lag and then none.
 */
class ConsoleBrowserIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String API_KEY = "console-test-key";

	private static final String ANSWER = "Low vitamin D goes with a higher parathyroid hormone [1].";

	private static final TestScope scope = TestScope.create();

	private static FakeVllm vllm;

	private static FakeOllama ollama;

	private static RaglineServices services;

	private static String base;

	private WebDriver browser;

	@BeforeAll
	static void start() {
		Optional<String> missing = Browser.missing();
		if (missing.isPresent()) {
			System.err.println("ConsoleBrowserIT skipped: " + missing.get());
		}
		Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.get());
		vllm = FakeVllm.start(TestPipeline.VLLM_MODEL);
		ollama = FakeOllama.start(TestPipeline.OLLAMA_MODEL);
		Map<String, Object> properties = TestPipeline.properties(scope, vllm, ollama);
		properties.put("ragline.llm.max-in-flight", 2);
		properties.put("ragline.redis.worker-status-interval", "500ms");
		properties.put("ragline.backends.telemetry-interval", "500ms");
		properties.put("ragline.ingest.api-keys", API_KEY);
		services = TestPipeline.start(scope, properties);
		base = "http://127.0.0.1:" + services.httpPort();
	}

	@AfterAll
	static void stop() {
		if (services != null) {
			services.close();
			vllm.close();
			ollama.close();
		}
	}

	@BeforeEach
	void openBrowser() {
		vllm.reset();
		ollama.reset();
		this.browser = Browser.start();
	}

	@AfterEach
	void closeBrowser() {
		this.browser.quit();
	}

	@Test
	void asksAQuestionAndWatchesItMoveToDoneWithItsSources() {
		vllm.answering(ANSWER).latency(Duration.ofMillis(300));

		ask("Does vitamin D deficiency affect parathyroid hormone? (" + System.nanoTime() + ")");

		awaitText(By.id("query-status"), "DONE");
		assertThat(text(By.id("answer"))).contains(ANSWER);
		List<WebElement> sources = this.browser.findElements(By.cssSelector("#sources li.source"));
		assertThat(sources).isNotEmpty();
		assertThat(sources.get(0).findElement(By.className("source-title")).getText()).isNotBlank();
		assertThat(text(By.id("backend"))).contains("vllm").contains("qwen2.5-1.5b-instruct");
		for (String status : List.of("QUEUED", "RETRIEVING", "GENERATING", "DONE")) {
			assertThat(this.browser.findElements(By.cssSelector("#timeline .stage[data-status='" + status + "']")))
				.as("timeline stage %s", status)
				.hasSize(1);
		}
		assertThat(this.browser.findElement(By.id("reroute-reason")).isDisplayed()).isFalse();
		assertThat(this.browser.findElements(By.cssSelector("#attempts tr.attempt"))).hasSize(1);
		Browser.screenshot(this.browser, "ask");

		String id = text(By.id("query-id"));
		this.browser.navigate().refresh();
		this.browser.findElement(By.cssSelector("#recent li.recent-item[data-id='" + id + "'] button.recent-open"))
			.click();
		awaitText(By.id("query-status"), "DONE");
		assertThat(text(By.id("query-id"))).isEqualTo(id);
	}

	@Test
	void addsADocumentAndSeesTheRetrieversCountIt() {
		open("#documents");
		By count = By.id("documents-count");
		wait(TIMEOUT).until((driver) -> number(driver.findElements(count)) > 0);
		long before = number(this.browser.findElements(count));
		String id = "console-" + System.nanoTime();
		this.browser.findElement(By.id("documents-text"))
			.sendKeys("[{\"id\":\"" + id + "\",\"title\":\"Tides\",\"text\":\"The moon pulls the oceans, "
					+ "which causes tides.\"}]");

		this.browser.findElement(By.id("documents-submit")).click();

		wait(TIMEOUT).until((driver) -> driver.findElement(By.id("documents-result")).getText().contains("Accepted 1"));
		// the view reads the count each time it opens; the element keeps the last one
		// read
		wait(TIMEOUT).until((driver) -> {
			driver.get(base + "/#ask");
			driver.get(base + "/#documents");
			return number(driver.findElements(count)) == before + 1;
		});
		Browser.screenshot(this.browser, "documents");
	}

	@Test
	void saysInWordsWhyAQueryWentToOllama() {
		vllm.serving("qwen-typo");
		ollama.answering("Ollama's answer [1].");

		ask("Which backend answers when the model is missing? (" + System.nanoTime() + ")");

		awaitText(By.id("query-status"), "DONE");
		WebElement reason = this.browser.findElement(By.id("reroute-reason"));
		assertThat(reason.isDisplayed()).isTrue();
		assertThat(reason.getText()).contains("Rerouted to Ollama")
			.contains("does not serve the model")
			.contains("qwen-typo");
		assertThat(text(By.id("backend"))).contains("ollama").contains("llama3.2");
		assertThat(this.browser.findElements(By.cssSelector("#timeline .stage[data-status='REROUTED']"))).hasSize(1);
		Browser.screenshot(this.browser, "reroute");
	}

	@Test
	void thePipelineViewShowsABacklogsLagAndNoneOnceItDrainedAndVllmsOwnQueueAndCache() {
		vllm.latency(Duration.ofMillis(700)).requestsWaiting(() -> 3).kvCacheUsage(0.42);
		for (int i = 0; i < 10; i++) {
			HttpJson.Response response = HttpJson.send(HttpRequest.newBuilder(URI.create(base + "/api/queries"))
				.header("Content-Type", "application/json")
				.header("X-API-Key", API_KEY)
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"question\":\"Backlog question " + i + " (" + System.nanoTime() + ")\",\"cache\":false}")));
			assertThat(response.status()).isEqualTo(202);
		}

		open("#pipeline");

		By llmLag = By.cssSelector("#pipeline-groups tr.group[data-stage='llm'] td.lag");
		wait(TIMEOUT).until((driver) -> number(driver.findElements(llmLag)) > 0);
		assertThat(this.browser.findElements(By.cssSelector("#pipeline-workers tr.worker")))
			.hasSizeGreaterThanOrEqualTo(2);
		By vllmWaiting = By.cssSelector("#pipeline-backends tr.backend[data-backend='vllm'] td.waiting");
		wait(TIMEOUT).until((driver) -> "3".equals(textOrNull(driver.findElements(vllmWaiting))));
		assertThat(text(By.cssSelector("#pipeline-backends tr.backend[data-backend='vllm'] td.kv-cache")))
			.isEqualTo("42 %");
		assertThat(text(By.cssSelector("#pipeline-backends tr.backend[data-backend='ollama'] td.models")))
			.matches("\\d+ \\(\\d+\\.\\d GB\\)");
		Browser.screenshot(this.browser, "pipeline");
		wait(TIMEOUT).until((driver) -> number(driver.findElements(llmLag)) == 0);
	}

	@Test
	void theCompareViewSwitchesEveryWorkerToTheShadowExperimentAndShowsVllmAndOllamaSideBySide() {
		Experiment experiment = services.llm().getBean(Experiment.class);
		open("#compare");
		new Select(this.browser.findElement(By.id("experiment-mode"))).selectByValue("shadow");
		WebElement share = this.browser.findElement(By.id("experiment-share"));
		share.clear();
		share.sendKeys("100");
		this.browser.findElement(By.id("experiment-apply")).click();
		awaitTextStarting(By.id("experiment-now"), "Shared with every llm-worker");
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> experiment.setting().mode().equals("shadow"));
			assertThat(experiment.setting().share()).isEqualTo(1.0);
			vllm.latency(Duration.ofMillis(50));
			ollama.latency(Duration.ofMillis(400));
			ask("Which backend is faster on this question? (" + System.nanoTime() + ")");
			awaitText(By.id("query-status"), "DONE");

			By shadowRow = By.cssSelector("#compare-backends tr.comparison[data-role='shadow'][data-backend='ollama']");
			wait(TIMEOUT).until((driver) -> {
				driver.get(base + "/#ask");
				driver.get(base + "/#compare");
				return !driver.findElements(shadowRow).isEmpty() && !driver
					.findElements(By.cssSelector("#experiment-workers li.experiment-worker[data-mode='shadow']"))
					.isEmpty();
			});
			assertThat(text(By
				.cssSelector("#compare-backends tr.comparison[data-role='primary'][data-backend='vllm'] td.model")))
				.isEqualTo(TestPipeline.VLLM_MODEL);
			assertThat(text(By
				.cssSelector("#compare-backends tr.comparison[data-role='shadow'][data-backend='ollama'] td.p50")))
				.matches("\\d+ ms");
			assertThat(this.browser.findElement(By.id("compare-empty")).isDisplayed()).isFalse();
			Browser.screenshot(this.browser, "compare");
		}
		finally {
			open("#compare");
			this.browser.findElement(By.id("experiment-reset")).click();
			awaitTextStarting(By.id("experiment-now"), "Nothing shared");
			await().atMost(Duration.ofSeconds(5)).until(() -> experiment.setting().mode().equals("off"));
		}
	}

	@Test
	void asksForAnApiKeyAndAnswersOnceItIsGiven() {
		this.browser.get(base + "/#ask");
		this.browser.findElement(By.id("question")).sendKeys("Is a key needed? (" + System.nanoTime() + ")");
		this.browser.findElement(By.id("ask-submit")).click();

		wait(TIMEOUT).until((driver) -> driver.findElement(By.id("error-banner")).getText().contains("API key"));

		this.browser.findElement(By.id("api-key")).sendKeys(API_KEY);
		this.browser.findElement(By.id("ask-submit")).click();
		awaitText(By.id("query-status"), "DONE");
		assertThat(this.browser.findElement(By.id("error-banner")).isDisplayed()).isFalse();
	}

	/**
	 * Opens the console at {@code view} with the API key entered, as a user would; the
	 * page keeps it, and is loaded again so that the view's first requests carry it too.
	 */
	private void open(String view) {
		this.browser.get(base + "/" + view);
		WebElement key = this.browser.findElement(By.id("api-key"));
		key.clear();
		key.sendKeys(API_KEY);
		this.browser.navigate().refresh();
	}

	private void ask(String question) {
		open("#ask");
		this.browser.findElement(By.id("question")).sendKeys(question);
		this.browser.findElement(By.id("ask-submit")).click();
	}

	private void awaitText(By locator, String expected) {
		wait(TIMEOUT).until((driver) -> driver.findElements(locator)
			.stream()
			.anyMatch((element) -> expected.equals(element.getText().trim())));
	}

	private void awaitTextStarting(By locator, String start) {
		wait(TIMEOUT).until((driver) -> driver.findElements(locator)
			.stream()
			.anyMatch((element) -> element.getText().trim().startsWith(start)));
	}

	private String text(By locator) {
		return this.browser.findElement(locator).getText();
	}

	/**
	 * Waits for a condition; the console renders its tables again every second, so an
	 * element found a moment before may be gone by the time it is read: the next look
	 * finds its successor.
	 */
	private FluentWait<WebDriver> wait(Duration timeout) {
		return new WebDriverWait(this.browser, timeout).ignoring(StaleElementReferenceException.class);
	}

	/** The first number an element shows, or -1 while there is none. */
	private static long number(List<WebElement> elements) {
		if (elements.isEmpty()) {
			return -1;
		}
		Matcher digits = Pattern.compile("\\d+").matcher(elements.get(0).getText());
		return digits.find() ? Long.parseLong(digits.group()) : -1;
	}

	private static String textOrNull(List<WebElement> elements) {
		return elements.isEmpty() ? null : elements.get(0).getText();
	}

}
