package dev.shortener.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromium-driver, one per test class, with a fresh profile.
 * {@link #missing()} names what is not installed, so the tests can skip with that reason.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(15);

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Why the browser tests cannot run here, or null when they can. */
  static String missing() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      return "no Chromium here (" + CHROMIUM + " and " + DRIVER + " come with Debian's chromium and chromium-driver;"
          + " .ci/run installs them): browser tests skipped";
    }
    return null;
  }

  static Browser start(int width, int height, String... extraArguments) {
    try {
      Path profile = Files.createTempDirectory("ui-chromium-");
      ChromeOptions options = new ChromeOptions()
          .setBinary(CHROMIUM.toFile())
          .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
              "--window-size=" + width + "," + height)
          .addArguments(extraArguments);
      // the installed driver, so Selenium Manager never looks for one on the network
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
          .usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(WAIT);
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void open(String url) {
    driver.get(url);
  }

  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  <T> T until(Function<WebDriver, T> condition) {
    // a view that re-renders replaces elements found a moment before: look again
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
  }

  WebElement visible(String css) {
    return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** The first visible element of css whose text contains text. */
  WebElement withText(String css, String text) {
    return until(d -> d.findElements(By.cssSelector(css)).stream()
        .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
  }

  /** Clicks the first visible element of css with text, again if a re-render replaced it meanwhile. */
  void click(String css, String text) {
    until(d -> {
      withText(css, text).click();
      return true;
    });
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }

  /** Saves a screenshot of the page as it was when a test failed, under target/ui-screenshots/. */
  static final class OnFailure implements TestWatcher {
    private final Function<ExtensionContext, Browser> browser;

    OnFailure(Function<ExtensionContext, Browser> browser) {
      this.browser = browser;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Browser b = browser.apply(context);
      if (b != null) {
        String name = "FAILED-" + context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName()
            .replaceAll("[^A-Za-z0-9_-]", "_");
        b.screenshot(name);
        System.out.println("screenshot of the failure: " + SCREENSHOTS.resolve(name + ".png"));
      }
    }
  }
}
