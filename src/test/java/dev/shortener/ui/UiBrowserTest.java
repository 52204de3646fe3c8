package dev.shortener.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.KeysMode;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The web UI in a real browser (headless Chromium) against the in-process service. */
class UiBrowserTest extends BrowserTest {
  private static KeysMode keys;

  @AfterAll
  static void stopKeysMode() {
    if (keys != null) {
      keys.close();
    }
  }

  @BeforeEach
  void freshTab() {
    browser.size(1280, 900);
    browser.open(STACK.baseUrl() + "/");
    browser.js("sessionStorage.clear()");
  }

  private void openPage(String base, String hash) {
    browser.open(base + "/#/" + hash);
    browser.js("location.reload()"); // a hash change alone would not start the page afresh
  }

  private WebElement dialogInput(String name) {
    return browser.visible("dialog[open] [name='" + name + "']");
  }

  private void submitDialog() {
    browser.visible("dialog[open] button[type='submit']").click();
  }

  private WebElement row(String code) {
    return browser.visible("tr[data-code='" + code + "']");
  }

  private void waitGone(String css) {
    browser.until(d -> d.findElements(By.cssSelector(css)).isEmpty());
  }

  private JsonObject urlByCode(String code) {
    var found = api.get("/urls?q=" + code).array();
    return found.isEmpty() ? null : found.getJsonObject(0);
  }

  @Test
  void openModeNeedsNoKeyAndALinkGoesFromCreateToDelete() {
    // a user, made through the Users page
    openPage(STACK.baseUrl(), "users");
    assertTrue(browser.all(".signin").isEmpty(), "open mode asks for no key");
    browser.withText(".badge", "Open mode");
    browser.click("button", "New user");
    dialogInput("username").sendKeys("ann");
    dialogInput("email").sendKeys("ann@example.com");
    submitDialog();
    browser.withText("td", "ann@example.com");
    createUrl(createUser("bob").getLong("id"), "https://other.example.net/page");

    // create with options: custom code, title, expiry
    openPage(STACK.baseUrl(), "links");
    browser.click("#new-link", "New link");
    dialogInput("original_url").sendKeys("https://example.com/launch");
    dialogInput("title").sendKeys("Launch day");
    dialogInput("short_code").sendKeys("launch-day");
    browser.js("arguments[0].value = '2099-01-02T12:00'", dialogInput("expires_at"));
    new org.openqa.selenium.support.ui.Select(dialogInput("user_id")).selectByVisibleText("ann (#1)");
    submitDialog();
    row("launch-day");
    JsonObject created = urlByCode("launch-day");
    assertEquals("Launch day", created.getString("title"));
    assertEquals(1, created.getLong("user_id"));
    assertTrue(created.getString("expires_at").startsWith("2099-01-0"), created.encode());

    // copy the short URL
    browser.click("button[aria-label^='Copy '][aria-label$='/launch-day']", "Copy");
    browser.withText(".toast", "Copied " + created.getString("short_url", STACK.baseUrl() + "/launch-day"));

    // search finds it by title and leaves the other link out
    assertEquals(2, browser.all("tbody tr[data-code]").size());
    browser.visible("input[name='q']").sendKeys("launch D");
    browser.until(d -> browser.all("tbody tr[data-code]").size() == 1);
    assertEquals("launch-day", browser.all("tbody tr[data-code]").get(0).getAttribute("data-code"));

    // stats after three clicks
    for (int i = 0; i < 3; i++) {
      assertEquals(302, api.get("/launch-day").status());
    }
    Waits.until(Duration.ofSeconds(10), "three clicks written",
        () -> api.get("/events?event_type=redirect&url_id=" + created.getLong("id")).array().size() == 3);
    browser.click("tr[data-code='launch-day'] a", "Stats");
    browser.until(d -> "3".equals(browser.visible(".card.clicks .card-value").getText()));
    browser.visible(".chart");

    // edit the title
    openPage(STACK.baseUrl(), "links");
    browser.click("tr[data-code='launch-day'] button", "Edit");
    WebElement title = dialogInput("title");
    title.clear();
    title.sendKeys("Launch day, updated");
    submitDialog();
    browser.withText("tr[data-code='launch-day']", "Launch day, updated");
    assertEquals("Launch day, updated", urlByCode("launch-day").getString("title"));

    // deactivate, then delete with confirmation
    browser.click("button[aria-label='Deactivate launch-day']", "Deactivate");
    browser.withText("tr[data-code='launch-day'] .status", "Inactive");
    assertFalse(urlByCode("launch-day").getBoolean("is_active"));
    assertEquals(410, api.get("/launch-day").status());

    browser.click("button[aria-label='Delete launch-day']", "Delete");
    browser.withText("dialog[open] p", "cannot be undone");
    browser.visible("dialog[open] button.danger").click();
    waitGone("tr[data-code='launch-day']");
    assertEquals(404, api.get("/urls/" + created.getLong("id")).status());
  }

  @Test
  void apiErrorsAppearNextToTheFieldTheyName() {
    long user = createUser("ann").getLong("id");
    api.post("/urls", new JsonObject().put("user_id", user).put("original_url", "https://example.com/")
        .put("short_code", "taken").encode());
    openPage(STACK.baseUrl(), "links");
    browser.click("#new-link", "New link");
    dialogInput("original_url").sendKeys("ftp://example.com/file");
    dialogInput("short_code").sendKeys("x!");
    submitDialog();
    WebElement urlError = browser.visible("dialog[open] .field[data-field='original_url'] .field-error");
    assertFalse(urlError.getText().isBlank());
    assertEquals("true", dialogInput("original_url").getAttribute("aria-invalid"));
    assertFalse(browser.visible("dialog[open] .field[data-field='short_code'] .field-error").getText().isBlank());
    // the message is announced with the field: aria-describedby names it
    assertTrue(dialogInput("original_url").getAttribute("aria-describedby").contains(urlError.getAttribute("id")));

    WebElement target = dialogInput("original_url");
    target.clear();
    target.sendKeys("https://example.com/ok");
    WebElement code = dialogInput("short_code");
    code.clear();
    code.sendKeys("taken");
    submitDialog();
    browser.withText("dialog[open] .field[data-field='short_code'] .field-error", "already taken");
    assertEquals("", browser.js("return document.querySelector(\"dialog[open] .field[data-field='original_url'] .field-error\").textContent"));
  }

  private static KeysMode keysMode() throws Exception {
    if (keys == null) {
      keys = KeysMode.start(Map.of());
    }
    return keys;
  }

  private String signIn(String base, String key) {
    browser.open(base + "/");
    browser.js("sessionStorage.clear()");
    openPage(base, "links");
    WebElement input = browser.visible(".signin input[name='key']");
    input.sendKeys(key, Keys.ENTER);
    return base;
  }

  @Test
  void keysModeTakesAUserKeyShowsOnlyItsLinksAndSignOutForgetsIt() throws Exception {
    KeysMode keys = keysMode();
    long ann = keys.user("ann");
    long bob = keys.user("bob");
    String annKey = keys.key(ann, List.of("read", "write")).getString("key");
    for (var owner : Map.of(ann, "ann-link", bob, "bob-link").entrySet()) {
      keys.api().post("/urls", new JsonObject().put("user_id", owner.getKey()).put("short_code", owner.getValue())
          .put("original_url", "https://example.com/" + owner.getValue()).encode(), KeysMode.as(KeysMode.ADMIN_KEY));
    }
    String base = "http://127.0.0.1:" + keys.replica().port();

    // a wrong key: a clear message at the field, nothing stored, nothing else shown
    signIn(base, "not-a-key");
    browser.withText("#signin-error", "not accepted");
    WebElement input = browser.visible(".signin input[name='key']");
    assertEquals("true", input.getAttribute("aria-invalid"));
    assertEquals(null, browser.js("return sessionStorage.getItem('shortener.apiKey')"));
    assertTrue(browser.all("#nav a").stream().noneMatch(WebElement::isDisplayed), "nothing but sign-in before a key");

    // ann's key: ann's link only, and ann alone as owner
    input.clear();
    input.sendKeys(annKey, Keys.ENTER);
    row("ann-link");
    assertEquals(List.of("ann-link"), browser.all("tbody tr[data-code]").stream().map(r -> r.getAttribute("data-code")).toList());
    assertEquals(annKey, browser.js("return sessionStorage.getItem('shortener.apiKey')"));
    browser.click("#new-link", "New link");
    dialogInput("original_url").sendKeys("https://example.com/made-in-keys-mode");
    dialogInput("short_code").sendKeys("ann-new");
    submitDialog();
    row("ann-new");
    assertEquals(ann, keys.api().get("/urls?q=ann-new", KeysMode.as(annKey)).array().getJsonObject(0).getLong("user_id"));
    browser.js("location.reload()");
    row("ann-new"); // still signed in in this tab

    browser.click("button", "Sign out");
    browser.visible(".signin input[name='key']");
    assertEquals(null, browser.js("return sessionStorage.getItem('shortener.apiKey')"));
  }

  @Test
  void theKeysPageCreatesAKeyShowsItOnceAndRevokesIt() throws Exception {
    KeysMode keys = keysMode();
    long ann = keys.user("ann");
    String annKey = keys.key(ann, List.of("read", "write")).getString("key");
    String base = "http://127.0.0.1:" + keys.replica().port();
    signIn(base, annKey);
    browser.visible("#new-link");
    openPage(base, "keys");
    browser.visible("tbody tr[data-id]");
    int before = browser.all("tbody tr[data-id]").size();
    browser.click("button", "New");
    dialogInput("name").sendKeys("ci");
    dialogInput("user_id").sendKeys(Long.toString(ann));
    browser.js("arguments[0].click()", dialogInput("scope-write")); // read only
    submitDialog();
    String created = browser.visible("dialog[open] code.secret").getText();
    assertEquals(200, keys.api().get("/urls", KeysMode.as(created)).status());
    assertEquals(403, keys.api().post("/urls", "{}", KeysMode.as(created)).status(), "read scope only");
    browser.click("dialog[open] button", "Done");
    browser.until(d -> browser.all("tbody tr[data-id]").size() == before + 1);
    assertTrue(browser.visible("tbody").getText().contains(created.substring(0, 8)), "listed by its prefix");

    browser.click("button[aria-label='Revoke key ci']", "Revoke");
    browser.visible("dialog[open] button.danger").click();
    browser.until(d -> browser.all("tbody tr[data-id]").size() == before);
    assertEquals(401, keys.api().get("/urls", KeysMode.as(created)).status());
  }

  @Test
  void fitsA390PixelPhone() {
    long user = createUser("ann").getLong("id");
    api.post("/urls", new JsonObject().put("user_id", user).put("short_code", "phone-link").put("title", "A long title")
        .put("original_url", "https://example.com/a/rather/long/path/that/would/overflow/a/narrow/screen?with=query").encode());
    browser.size(390, 844);
    openPage(STACK.baseUrl(), "links");
    row("phone-link");
    long viewport = (Long) browser.js("return window.innerWidth");
    assertTrue(viewport <= 400, "viewport " + viewport);
    assertTrue((Long) browser.js("return document.documentElement.scrollWidth") <= viewport, "no sideways scrolling");
    // the table is a list of cards: header row hidden, each cell on its own line with its label
    assertEquals("absolute", browser.js("return getComputedStyle(document.querySelector('thead')).position"));
    assertEquals("block", browser.js("return getComputedStyle(document.querySelector('tbody td')).display"));
    browser.click("#new-link", "New link");
    long dialog = (Long) browser.js("return Math.round(document.querySelector('dialog[open]').getBoundingClientRect().width)");
    assertTrue(dialog <= viewport, "dialog " + dialog);
    browser.screenshot("phone-new-link");
  }

  @Test
  void keyboardAloneOpensAndClosesTheForm() {
    openPage(STACK.baseUrl(), "links");
    browser.visible("#new-link");
    WebElement body = browser.driver.findElement(By.tagName("body"));
    body.sendKeys(Keys.TAB);
    for (int i = 0; i < 20 && !"new-link".equals(browser.js("return document.activeElement.id")); i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    }
    assertEquals("new-link", browser.js("return document.activeElement.id"));
    assertNotEquals("none", browser.js("return getComputedStyle(document.activeElement).outlineStyle"), "focus is visible");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.visible("dialog[open]");
    assertEquals("original_url", browser.js("return document.activeElement.name"));
    browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    waitGone("dialog[open]");
  }

  @Test
  void pagesOfMissingEndpointsSaySo() {
    long user = createUser("ann").getLong("id");
    // the server now has stats (issue 12): the page draws them, with zeros, instead of the notice
    openPage(STACK.baseUrl(), "users/" + user + "/stats");
    browser.visible(".stats .chart[role='img']");
    // webhooks exist now: the page lists the endpoints and their state
    api.post("/webhooks", "{\"url\":\"https://hooks.example.com/ui\",\"events\":[\"link.created\"]}");
    openPage(STACK.baseUrl(), "webhooks");
    browser.withText(".status.on", "Active");
  }

  /** The form offers a link option exactly when the server's contract lists it, so nothing unknown is sent. */
  @Test
  void theFormOffersExactlyTheOptionsTheServerAccepts() {
    createUser("ann");
    JsonObject create = new JsonObject(api.get("/openapi.json").body())
        .getJsonObject("components").getJsonObject("schemas").getJsonObject("UrlCreate").getJsonObject("properties");
    openPage(STACK.baseUrl(), "links");
    browser.click("#new-link", "New link");
    browser.visible("dialog[open] [name='original_url']");
    for (String option : List.of("password", "max_visits", "redirect_status", "tags", "rules")) {
      boolean offered = !browser.all("dialog[open] .field[data-field='" + option + "']").isEmpty();
      assertEquals(create.containsKey(option), offered, option);
    }
  }

  /** Deque's axe-core rules (WCAG 2.1 A and AA) find nothing on the main screens. */
  @Test
  void mainScreensPassAxe() {
    long user = createUser("ann").getLong("id");
    long id = createUrl(user, "https://example.com/page").getLong("id");
    List<String> problems = new ArrayList<>();
    openPage(STACK.baseUrl(), "links");
    browser.visible("tbody tr[data-code]");
    problems.addAll(axe(browser, "links"));
    browser.click("#new-link", "New link");
    dialogInput("original_url").sendKeys("nope");
    submitDialog();
    browser.visible("dialog[open] .field-error");
    problems.addAll(axe(browser, "link form with errors"));
    openPage(STACK.baseUrl(), "links/" + id + "/stats");
    browser.visible(".chart .uplot");
    problems.addAll(axe(browser, "stats"));
    openPage(STACK.baseUrl(), "users");
    browser.visible("tbody tr[data-id]");
    problems.addAll(axe(browser, "users"));
    browser.size(390, 844);
    openPage(STACK.baseUrl(), "links");
    browser.visible("tbody tr[data-code]");
    problems.addAll(axe(browser, "phone links"));
    try (Browser dark = Browser.start(1280, 900, "--force-dark-mode")) {
      dark.open(STACK.baseUrl() + "/#/links");
      dark.visible("tbody tr[data-code]");
      assertEquals("rgb(15, 17, 23)", dark.js("return getComputedStyle(document.body).backgroundColor"), "dark theme");
      problems.addAll(axe(dark, "dark links"));
    }
    assertEquals(List.of(), problems);
  }

  private static List<String> axe(Browser browser, String screen) {
    Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
        .analyze(browser.driver);
    return results.getViolations().stream()
        .map(rule -> screen + ": " + rule.getId() + " (" + rule.getImpact() + ") " + rule.getNodes().stream()
            .map(node -> String.valueOf(node.getTarget())).limit(3).toList())
        .toList();
  }

  @Test
  void firstLoadTransfersUnder300KB() {
    long user = createUser("ann").getLong("id");
    createUrl(user, "https://example.com/");
    browser.driver.executeCdpCommand("Network.enable", Map.of());
    browser.driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
    try {
      openPage(STACK.baseUrl(), "links");
      browser.visible("tbody tr[data-code]");
      long bytes = ((Number) browser.js("""
          const nav = performance.getEntriesByType('navigation')[0];
          return performance.getEntriesByType('resource').reduce((sum, r) => sum + r.transferSize, nav.transferSize);
          """)).longValue();
      System.out.println("UI first load (links page, cache off): " + bytes + " bytes transferred");
      assertTrue(bytes > 0 && bytes < 300 * 1024, bytes + " bytes");
    } finally {
      browser.driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
    }
  }
}
