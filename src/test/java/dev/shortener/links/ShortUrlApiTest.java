package dev.shortener.links;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigException;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.TestStack;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code short_url} on every URL object, from {@code PUBLIC_BASE_URL} or the default. */
class ShortUrlApiTest extends ApiTest {

  @Test
  void everyUrlObjectCarriesItsShortUrlOnTheDefaultBase() {
    long user = createUser("ann").getLong("id");
    JsonObject created = createUrl(user, "https://example.com/a");
    int port = STACK.app().services().config().http().port();
    String expected = "http://localhost:" + port + "/" + created.getString("short_code");
    assertEquals(expected, created.getString("short_url"));
    String path = "/urls/" + created.getLong("id");
    assertEquals(expected, api.get(path).json().getString("short_url"));
    assertEquals(expected, api.put(path, "{\"title\":\"x\"}").json().getString("short_url"));
    assertEquals(expected, api.get("/urls").array().getJsonObject(0).getString("short_url"));
    assertEquals(expected, api.get("/urls?page=1").array().getJsonObject(0).getString("short_url"));
  }

  @Test
  void publicBaseUrlIsTheBaseWithoutItsTrailingSlash() throws Exception {
    try (TestStack.Replica other = STACK.startReplica(Map.of("PUBLIC_BASE_URL", "https://sho.rt/"))) {
      long user = createUser("bo").getLong("id");
      JsonObject created = new JsonObject(other.api().post("/urls", new JsonObject().put("user_id", user)
          .put("original_url", "https://example.com/b").put("short_code", "bo-link").encode()).body());
      assertEquals("https://sho.rt/bo-link", created.getString("short_url"));
    }
  }

  @Test
  void theOpenApiDocumentDescribesTheLinkOptions() {
    JsonObject doc = api.get("/openapi.json").json();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : new String[] {"/{short_code}/qr", "/robots.txt"}) {
      assertEquals(true, paths.containsKey(path), path);
    }
    assertEquals(true, paths.getJsonObject("/{short_code}").containsKey("post"));
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    for (String field : new String[] {"short_url", "redirect_status", "tags", "password_protected", "max_visits",
        "rules"}) {
      assertEquals(true, schemas.getJsonObject("ShortUrl").getJsonObject("properties").containsKey(field), field);
    }
    for (String field : new String[] {"redirect_status", "tags", "password", "max_visits", "rules"}) {
      assertEquals(true, schemas.getJsonObject("UrlCreate").getJsonObject("properties").containsKey(field), field);
      assertEquals(true, schemas.getJsonObject("UrlUpdate").getJsonObject("properties").containsKey(field), field);
    }
  }

  @Test
  void aMalformedBaseOrStatusStopsTheStartWithOneLine() {
    var error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> STACK.config(Map.of("PUBLIC_BASE_URL", "sho.rt")));
    assertEquals(true, error.getMessage().startsWith("PUBLIC_BASE_URL must be"));
    error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> STACK.config(Map.of("REDIRECT_STATUS", "303")));
    assertEquals(true, error.getMessage().startsWith("REDIRECT_STATUS must be"));
    AppConfig.Links links = STACK.config(Map.of("REDIRECT_STATUS", "308")).links();
    assertEquals(308, links.redirectStatus());
  }
}
