package dev.shortener.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The link options (password, visit limit, redirect status, tags, targeting rules) and QR codes through the UI. */
class UiOptionsBrowserTest extends BrowserTest {
  @BeforeAll
  static void needsLinkOptions() {
    assumeTrue(STACK.api().get("/openapi.json").body().contains("/qr\""), "this server has no link options yet");
  }

  private WebElement input(String name) {
    return browser.visible("dialog[open] [name='" + name + "']");
  }

  private JsonObject url(String code) {
    return api.get("/urls?q=" + code).array().getJsonObject(0);
  }

  private void openLinks() {
    browser.open(STACK.baseUrl() + "/#/links");
    browser.js("location.reload()");
  }

  @Test
  void everyOptionGoesFromTheFormToTheLinkAndBack() {
    createUrl(createUser("ann").getLong("id"), "https://example.com/untagged");
    openLinks();
    browser.visible("input[name='tag']"); // the links show tags: the server has them
    browser.click("#new-link", "New link");
    input("original_url").sendKeys("https://example.com/options");
    input("short_code").sendKeys("opts");
    input("password").sendKeys("pw-123456");
    input("max_visits").sendKeys("5");
    new Select(input("redirect_status")).selectByValue("308");
    input("tags").sendKeys("Promo, q4");
    browser.click("dialog[open] button", "Add rule");
    browser.visible("dialog[open] .rule-target").sendKeys("https://m.example.com/");
    browser.visible("dialog[open] .cond-value").sendKeys("mobile");
    browser.visible("dialog[open] button[type='submit']").click();
    browser.visible("tr[data-code='opts']");

    JsonObject link = url("opts");
    assertTrue(link.getBoolean("password_protected"), link.encode());
    assertEquals(5, link.getInteger("max_visits"));
    assertEquals(308, link.getInteger("redirect_status"));
    assertEquals(new JsonArray().add("promo").add("q4"), link.getJsonArray("tags"));
    assertEquals(new JsonArray().add(new JsonObject().put("target", "https://m.example.com/")
        .put("conditions", new JsonArray().add(new JsonObject().put("type", "device").put("value", "mobile")))),
        link.getJsonArray("rules"));
    String row = browser.visible("tr[data-code='opts']").getText();
    assertTrue(row.contains("password") && row.contains("max 5") && row.contains("#promo") && row.contains("1 rule"), row);

    // the tag filter
    browser.until(d -> browser.all("tbody tr[data-code]").size() == 2);
    browser.visible("input[name='tag']").sendKeys("q4");
    browser.until(d -> browser.all("tbody tr[data-code]").size() == 1);

    // edit: the rule and the options come back into the form; remove the password and the limit
    browser.click("tr[data-code='opts'] button", "Edit");
    assertEquals("https://m.example.com/", browser.visible("dialog[open] .rule-target").getAttribute("value"));
    assertEquals("5", input("max_visits").getAttribute("value"));
    input("remove_password").click();
    input("max_visits").clear();
    browser.visible("dialog[open] button[type='submit']").click();
    browser.until(d -> !url("opts").getBoolean("password_protected"));
    link = url("opts");
    assertFalse(link.containsKey("max_visits") && link.getValue("max_visits") != null, link.encode());
    assertEquals(308, link.getInteger("redirect_status"), "untouched options stay");
  }

  @Test
  void theQrPreviewShowsTheCodeAndOffersPngAndSvg() {
    createUrl(createUser("ann").getLong("id"), "https://example.com/qr");
    String code = api.get("/urls").array().getJsonObject(0).getString("short_code");
    openLinks();
    browser.click("button[aria-label='QR code of " + code + "']", "QR");
    WebElement img = browser.visible("dialog[open] img");
    browser.until(d -> ((Number) browser.js("return arguments[0].naturalWidth", img)).intValue() > 0);
    String png = browser.withText("dialog[open] a", "PNG").getAttribute("href");
    String svg = browser.withText("dialog[open] a", "SVG").getAttribute("href");
    HttpResult pngAnswer = api.get(png.substring(STACK.baseUrl().length()));
    HttpResult svgAnswer = api.get(svg.substring(STACK.baseUrl().length()));
    assertEquals("image/png", pngAnswer.header("Content-Type"));
    assertTrue(svgAnswer.header("Content-Type").startsWith("image/svg+xml"), svgAnswer.header("Content-Type"));
  }
}
