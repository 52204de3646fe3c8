package dev.shortener.redirect;

import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.RedisCommands;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis is shared: a value in it that this service did not write (another client, a compromised
 * cache) never reaches a header. The database answers instead.
 */
class RedisValuesTest extends ApiTest {

  @ParameterizedTest
  @ValueSource(strings = {"1|1|1||https://evil.example/\r\nSet-Cookie: session=stolen",
      "1|1|1||https://evil.example/\nX-Injected: 1", "1|1|1||javascript:alert(1)", "1|1|1||https://a.example/\u00e9",
      "1|1|1||https://a.example/ b", "x|1|1||https://a.example/", "1|1|2||https://a.example/", "1|1|1|soon|https://a.example/",
      "garbage", "1|1|1||"})
  void aForeignValueInRedisIsIgnored(String poisoned) {
    JsonObject url = createUrl(createUser("owner").getLong("id"), "https://example.com/real");
    String code = url.getString("short_code");
    assertNull(RedirectTarget.decode(poisoned), poisoned);
    RedisCommands.command(STACK.backend().redisUrl(), "SET", "sc:" + code, poisoned);
    STACK.app().services().nearCache().clear();
    HttpResult redirect = api.get("/" + code);
    assertStatus(302, redirect);
    assertEquals("https://example.com/real", redirect.header("Location"));
    assertNull(redirect.header("Set-Cookie"));
    assertNull(redirect.header("X-Injected"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"7|3|1||https://example.com/a?b=c%20d", "7|3|0|1700000000000000|http://example.com/"})
  void entriesThisServiceWritesDecode(String value) {
    assertNotNull(RedirectTarget.decode(value));
  }
}
