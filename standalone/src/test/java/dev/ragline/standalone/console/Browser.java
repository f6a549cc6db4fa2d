package dev.ragline.standalone.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven by chromedriver, both from the machine (Debian's
 * {@code chromium} and {@code chromium-driver}): nothing is downloaded.
 */
final class Browser {

	private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private Browser() {
	}

	/** Why there is no browser to test with, or empty when there is one. */
	static Optional<String> missing() {
		if (executable("chromium", "chromium-browser", "google-chrome").isEmpty()) {
			return Optional.of("no chromium on the PATH (apt-get install chromium chromium-driver)");
		}
		if (executable("chromedriver").isEmpty()) {
			return Optional.of("no chromedriver on the PATH (apt-get install chromium-driver)");
		}
		return Optional.empty();
	}

	static WebDriver start() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(executable("chromium", "chromium-browser", "google-chrome").orElseThrow().toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,900", "--lang=en");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(executable("chromedriver").orElseThrow().toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
		return driver;
	}

	/** Saves what the browser shows to {@code target/console-screenshots/<name>.png}. */
	static void screenshot(WebDriver driver, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not save a screenshot", ex);
		}
	}

	private static Optional<Path> executable(String... names) {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream.of(names)
			.flatMap((name) -> Stream.of(path.split(File.pathSeparator)).map((dir) -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
