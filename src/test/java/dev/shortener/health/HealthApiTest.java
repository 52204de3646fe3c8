package dev.shortener.health;

import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Scrape;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HealthApiTest extends ApiTest {

  @Test
  void livenessIsOk() {
    HttpResult health = api.get("/health");
    assertStatus(200, health);
    assertEquals(new JsonObject().put("status", "ok"), health.json());
    assertTrue(health.header("Content-Type").startsWith("application/json"));
  }

  @Test
  void readinessReportsBothDependenciesUp() {
    HttpResult ready = api.get("/health/ready");
    assertStatus(200, ready);
    assertEquals(new JsonObject().put("status", "ok")
        .put("checks", new JsonObject().put("database", "up").put("cache", "up")), ready.json());
  }

  @Test
  void metricsUseRouteTemplatesNotRawPaths() {
    String redirects = "vertx_http_server_requests_total{code=\"302\",method=\"GET\",route=\"/:code\"}";
    String missing = "vertx_http_server_requests_total{code=\"404\",method=\"GET\",route=\"/users/:id\"}";
    double redirectsBefore = Scrape.value(api, redirects);
    double missingBefore = Scrape.value(api, missing);
    long user = createUser("alice").getLong("id");
    String code = createUrl(user, "https://example.com/").getString("short_code");
    api.get("/users/" + user);
    api.get("/v1/users/" + user);
    api.get("/" + code);
    api.get("/r/" + code);
    api.get("/users/424242");
    for (int i = 0; i < 3; i++) {
      api.send("BREW" + i, "/users", (String) null); // any token is a method to HTTP
    }

    HttpResult metrics = api.get("/metrics");
    assertStatus(200, metrics);
    assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
    String text = metrics.body();
    assertTrue(Pattern.compile("(?m)^vertx_http_server_requests_total\\{[^}]*route=\"/users/:id\"").matcher(text).find(),
        text);
    assertTrue(text.contains("route=\"/v1/users/:id\""), "the /v1 twin has its own template");
    assertFalse(text.contains("route=\"/users/" + user + "\""), "raw path used as a label");
    assertFalse(text.contains("/users/424242"), "raw path used as a label");
    assertFalse(text.contains("/" + code + "\""), "a short code used as a label");
    assertFalse(text.contains("BREW"), "a client's method token used as a label");
    assertTrue(text.contains("method=\"other\""), text);
    assertEquals(1, Scrape.value(api, redirects) - redirectsBefore, "one 302 counted for the /:code route");
    assertEquals(1, Scrape.value(api, missing) - missingBefore, "the 404 counted under its status");
    assertTrue(Pattern.compile("(?m)^vertx_http_server_response_time_seconds_bucket\\{code=\"302\",method=\"GET\",route=\"/r/:code\",le=\"0\\.005\"} ")
        .matcher(text).find(), "latency histogram with the configured buckets");
    assertTrue(Pattern.compile("(?m)^vertx_http_server_active_requests \\d").matcher(text).find(), "in-flight gauge");
    assertTrue(text.contains("shortener_cache_lookups_total"), "cache lookup counter");
    assertTrue(Pattern.compile("(?m)^shortener_cache_lookups_total\\{[^}]*tier=\"near\"").matcher(text).find());
  }

  @Test
  void openApiDocumentDescribesTheApi() {
    HttpResult doc = api.get("/openapi.json");
    assertStatus(200, doc);
    assertTrue(doc.header("Content-Type").startsWith("application/json"));
    JsonObject openApi = doc.json();
    assertTrue(openApi.getString("openapi").startsWith("3."), openApi.getString("openapi"));
    JsonObject paths = openApi.getJsonObject("paths");
    for (String path : new String[] {"/users", "/users/{id}", "/users/bulk", "/urls", "/urls/{id}", "/events",
        "/events/{id}", "/health", "/health/ready"}) {
      assertTrue(paths.containsKey(path), path);
    }
  }

  @Test
  void docsServeSwaggerUi() {
    HttpResult docs = api.get("/docs");
    assertStatus(200, docs);
    assertTrue(docs.header("Content-Type").startsWith("text/html"));
    assertTrue(docs.body().contains("swagger-ui"), docs.body());

    HttpResult css = api.get("/docs/swagger-ui.css");
    assertStatus(200, css);
    assertTrue(css.header("Content-Type").startsWith("text/css"), css.header("Content-Type"));
    assertTrue(css.body().length() > 1000);
    assertStatus(200, api.get("/docs/swagger-ui-bundle.js"));
    HttpResult init = api.get("/docs/init.js");
    assertStatus(200, init);
    assertTrue(init.body().contains("openapi.json"), init.body());
  }
}
