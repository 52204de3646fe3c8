package dev.shortener.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shortener.testing.Waits;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Click analytics of a link and of a user, as the UI shows GET /urls/{id}/stats and GET /users/{id}/stats. */
class UiAnalyticsBrowserTest extends BrowserTest {
  private static final String BROWSER_UA =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

  @BeforeAll
  static void needsAnalytics() {
    assumeTrue(STACK.api().get("/openapi.json").body().contains("/urls/{id}/stats"), "this server has no analytics yet");
  }

  private String card(String kind) {
    return browser.visible(".card." + kind + " .card-value").getText();
  }

  @Test
  void humansBotsAndTopListsOfALinkAndItsUser() {
    long user = createUser("ann").getLong("id");
    var link = createUrl(user, "https://example.com/stats");
    String code = link.getString("short_code");
    for (int i = 0; i < 2; i++) {
      api.get("/" + code, "User-Agent", BROWSER_UA, "Referer", "https://news.example.com/item");
    }
    api.get("/" + code, "User-Agent", "curl/8.5.0");
    Waits.until(Duration.ofSeconds(15), "three clicks in the stats",
        () -> api.get("/urls/" + link.getLong("id") + "/stats").json().getJsonObject("totals").getLong("clicks") == 3);

    browser.open(STACK.baseUrl() + "/#/links/" + link.getLong("id") + "/stats");
    browser.js("location.reload()");
    browser.until(d -> "3".equals(card("clicks")));
    assertEquals("2", card("humans"));
    assertEquals("1", card("bots"));
    assertTrue(browser.all(".notice").isEmpty(), "real analytics, no notice");
    browser.withText(".top", "news.example.com");
    browser.visible(".chart .uplot");

    browser.open(STACK.baseUrl() + "/#/users/" + user + "/stats");
    browser.js("location.reload()");
    browser.until(d -> "3".equals(card("clicks")));
    browser.withText(".top a", "/" + code);
  }
}
