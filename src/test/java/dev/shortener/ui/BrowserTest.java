package dev.shortener.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shortener.testing.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test class that drives the UI in headless Chromium against the in-process service: one browser
 * for the class, a screenshot of every failing test under target/, and the whole class skipped with
 * the reason printed where no Chromium is installed. A subclass that needs a server capability
 * assumes it in its own {@code @BeforeAll}, which JUnit runs after this one.
 */
abstract class BrowserTest extends ApiTest {
  /** Classes run one after the other (no parallel execution), each with the browser it started. */
  static Browser browser;

  @RegisterExtension
  static final Browser.OnFailure SCREENSHOTS = new Browser.OnFailure(context -> browser);

  @BeforeAll
  static void startBrowser() {
    String why = Browser.missing();
    if (why != null) {
      System.out.println(why);
    }
    assumeTrue(why == null, why);
    browser = Browser.start(1280, 900);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }
}
