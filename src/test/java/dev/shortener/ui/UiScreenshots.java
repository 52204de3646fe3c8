package dev.shortener.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's screenshots, taken by headless Chromium from a seeded stack. Runs only when asked:
 * {@code mvn -o test -Dtest=UiScreenshots -Dui.screenshots=docs/screenshots}.
 */
class UiScreenshots extends ApiTest {
  private static final String[][] LINKS = {
      {"https://example.com/launch", "Product launch", "launch"},
      {"https://news.ycombinator.com/item?id=4242", "Show HN thread", null},
      {"https://github.com/vert-x3/vertx-web", "Vert.x Web on GitHub", "vertx-web"},
      {"https://en.wikipedia.org/wiki/URL_shortening", "URL shortening", null},
      {"https://docs.example.org/guide/getting-started/installation?utm_source=newsletter", "Install guide", "install"},
      {"https://shop.example.com/sale/winter-2026", "Winter sale", "winter"},
  };

  @Test
  void mainScreens() throws IOException {
    String dir = System.getProperty("ui.screenshots");
    assumeTrue(dir != null && Browser.missing() == null, "run with -Dui.screenshots=DIR where Chromium is installed");
    Path out = Path.of(dir);
    Files.createDirectories(out);
    long ann = createUser("ann").getLong("id");
    createUser("bob");
    long launch = 0;
    for (String[] link : LINKS) {
      JsonObject body = new JsonObject().put("user_id", ann).put("original_url", link[0]).put("title", link[1]);
      if (link[2] != null) {
        body.put("short_code", link[2]);
      }
      long id = api.post("/urls", body.encode()).json().getLong("id");
      launch = launch == 0 ? id : launch;
    }
    api.put("/urls/4", "{\"is_active\":false}");
    for (int i = 0; i < 17; i++) {
      api.get("/launch", "Referer", "https://news.ycombinator.com/", "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");
    }
    long id = launch;
    Waits.until(Duration.ofSeconds(10), "clicks written",
        () -> api.get("/events?event_type=redirect&url_id=" + id).array().size() == 17);

    try (Browser browser = Browser.start(1200, 760)) {
      browser.open(STACK.baseUrl() + "/#/links");
      browser.visible("tr[data-code='launch']");
      shot(browser, out, "links");
      browser.click("#new-link", "New link");
      browser.visible("dialog[open] [name='original_url']").sendKeys("ftp://example.com");
      browser.visible("dialog[open] [name='short_code']").sendKeys("launch");
      browser.visible("dialog[open] button[type='submit']").click();
      browser.visible("dialog[open] .field-error");
      shot(browser, out, "new-link");
      browser.size(1200, 1000);
      browser.open(STACK.baseUrl() + "/#/links/" + launch + "/stats");
      browser.js("location.reload()");
      browser.visible(".chart .uplot");
      shot(browser, out, "stats");
      browser.size(390, 844);
      browser.open(STACK.baseUrl() + "/#/links");
      browser.js("location.reload()");
      browser.visible("tr[data-code='launch']");
      shot(browser, out, "phone");
    }
    try (Browser dark = Browser.start(1200, 760, "--force-dark-mode")) {
      dark.open(STACK.baseUrl() + "/#/links");
      dark.visible("tr[data-code='launch']");
      shot(dark, out, "links-dark");
    }
  }

  private static void shot(Browser browser, Path dir, String name) throws IOException {
    browser.screenshot(name);
    Files.copy(Browser.SCREENSHOTS.resolve(name + ".png"), dir.resolve(name + ".png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
