package dev.shortener.ui;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.validation.ShortCodeRule;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UiRoutesTest extends ApiTest {
  private static final Pattern APP_JS = Pattern.compile("/ui/([0-9a-f]{12})/app\\.js");

  private String version() {
    Matcher m = APP_JS.matcher(api.get("/").body());
    assertTrue(m.find(), "the page names its versioned script");
    return m.group(1);
  }

  @Test
  void theRootServesThePageNeverCached() {
    HttpResult page = api.get("/");
    assertStatus(200, page);
    assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
    assertEquals("no-store", page.header("Cache-Control"));
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
    assertTrue(page.body().contains("<script type=\"module\" src=\"/ui/" + version() + "/app.js\">"));
    assertFalse(page.body().contains("{{version}}"));
    assertNotNull(page.header("X-Request-ID"));
  }

  @Test
  void assetsOfTheCurrentVersionAreCachedForAYear() {
    HttpResult js = api.get("/ui/" + version() + "/app.js");
    assertStatus(200, js);
    assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
    assertEquals("public, max-age=31536000, immutable", js.header("Cache-Control"));
    assertTrue(js.body().contains("import"));
    HttpResult css = api.get("/ui/" + version() + "/app.css");
    assertEquals("text/css; charset=utf-8", css.header("Content-Type"));
    HttpResult chart = api.get("/ui/" + version() + "/vendor/uPlot.iife.min.js");
    assertStatus(200, chart);
    assertTrue(chart.body().contains("uPlot"));
  }

  @Test
  void gzipIsSentToClientsThatTakeIt() {
    String path = "/ui/" + version() + "/links.js";
    HttpResult plain = api.get(path);
    HttpResult zipped = api.get(path, "Accept-Encoding", "gzip");
    assertNull(plain.header("Content-Encoding"));
    assertEquals("gzip", zipped.header("Content-Encoding"));
    assertEquals("Accept-Encoding", zipped.header("Vary"));
    assertTrue(Integer.parseInt(zipped.header("Content-Length")) < plain.body().length() / 2);
  }

  @Test
  void anotherVersionsAssetIsServedButNotKept() {
    HttpResult old = api.get("/ui/000000000000/app.js");
    assertStatus(200, old);
    assertEquals("no-store", old.header("Cache-Control"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/x/nope.js", "/ui/x/../../openapi.yaml", "/ui/x/", "/ui/x/index.html"})
  void unknownAssetsAreTheJson404(String path) {
    assertError(404, "Not found", api.get(path));
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    HttpResult head = api.head("/");
    assertStatus(200, head);
    assertEquals("no-store", head.header("Cache-Control"));
    assertEquals("", head.body());
  }

  @Test
  void uiAloneLeadsToThePage() {
    HttpResult ui = api.get("/ui");
    assertStatus(302, ui);
    assertEquals("/", ui.header("Location"));
  }

  @Test
  void writesToUiPathsAre405() {
    HttpResult post = api.post("/", "{}");
    assertError(405, "Method not allowed", post);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ui", "UI", "Ui"})
  void uiIsAReservedWord(String word) {
    // too short for a code today; reserved so that a shorter code rule could never shadow the UI
    assertTrue(ShortCodeRule.isReserved(word));
  }

  @Test
  void redirectsAreUnchangedBesideTheUi() {
    long user = createUser("ann").getLong("id");
    String code = createUrl(user, "https://example.com/a").getString("short_code");
    for (int i = 0; i < 2; i++) { // the routed path, then the fast lane of a near-cached code
      HttpResult redirect = api.get("/" + code);
      assertStatus(302, redirect);
      assertEquals("https://example.com/a", redirect.header("Location"));
    }
    assertError(404, "Not found", api.get("/nosuchcode"));
  }

  @Test
  void acceptEncodingIsRead() {
    assertTrue(UiRoutes.acceptsGzip("gzip, deflate, br"));
    assertTrue(UiRoutes.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
    assertFalse(UiRoutes.acceptsGzip("gzip;q=0"));
    assertFalse(UiRoutes.acceptsGzip("gzip; q=0.000"));
    assertFalse(UiRoutes.acceptsGzip("identity"));
    assertFalse(UiRoutes.acceptsGzip(null));
  }
}
