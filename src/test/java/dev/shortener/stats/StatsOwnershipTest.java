package dev.shortener.stats;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.KeysMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.KeysMode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In keys mode a user key sees the stats of its own user's links only; another's are the same 404 as a missing one. */
class StatsOwnershipTest extends ApiTest {
  @Test
  void userKeysSeeOnlyTheirOwnStats() throws Exception {
    try (KeysMode keys = KeysMode.start(Map.of())) {
      long ann = keys.user("ann");
      long bob = keys.user("bob");
      String annKey = keys.key(ann, List.of("read")).getString("key");
      long annUrl = keys.api().post("/urls", new JsonObject().put("user_id", ann).put("original_url", "https://example.com/a")
          .encode(), as(KeysMode.ADMIN_KEY)).json().getLong("id");
      long bobUrl = keys.api().post("/urls", new JsonObject().put("user_id", bob).put("original_url", "https://example.com/b")
          .encode(), as(KeysMode.ADMIN_KEY)).json().getLong("id");
      assertEquals(200, keys.api().get("/urls/" + annUrl + "/stats", as(annKey)).status());
      assertEquals(200, keys.api().get("/users/" + ann + "/stats", as(annKey)).status());
      assertError(404, "URL not found", keys.api().get("/urls/" + bobUrl + "/stats", as(annKey)));
      assertError(404, "User not found", keys.api().get("/users/" + bob + "/stats", as(annKey)));
      assertEquals(200, keys.api().get("/urls/" + bobUrl + "/stats", as(KeysMode.ADMIN_KEY)).status());
      assertEquals(401, keys.api().get("/urls/" + annUrl + "/stats").status());
    }
  }
}
