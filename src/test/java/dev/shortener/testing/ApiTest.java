package dev.shortener.testing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;

/** Base of the HTTP tests: a clean stack before each test, and small helpers to create fixtures. */
public abstract class ApiTest {
  protected static final TestStack STACK = TestStack.get();
  protected final Api api = STACK.api();

  @BeforeEach
  void cleanStack() {
    STACK.reset();
  }

  /** For tests that stop Redis: starts it again if it is down and waits until the breaker is closed. */
  protected void redisBackIfStopped() {
    if (STACK.app().services().breakers().worst() != io.vertx.circuitbreaker.CircuitBreakerState.CLOSED
        || !api.get("/health/ready").json().getJsonObject("checks").getString("cache").equals("up")) {
      STACK.backend().startRedis();
      Waits.until(java.time.Duration.ofSeconds(20), "the breaker to close",
          () -> STACK.app().services().breakers().worst() == io.vertx.circuitbreaker.CircuitBreakerState.CLOSED);
    }
  }

  protected JsonObject createUser(String username) {
    HttpResult created = api.post("/users",
        new JsonObject().put("username", username).put("email", username + "@example.com").encode());
    if (created.status() != 201) {
      throw new AssertionError("could not create user: " + created);
    }
    return created.json();
  }

  protected JsonObject createUrl(long userId, String url) {
    HttpResult created = api.post("/urls",
        new JsonObject().put("user_id", userId).put("original_url", url).put("title", "t").encode());
    if (created.status() != 201) {
      throw new AssertionError("could not create url: " + created);
    }
    return created.json();
  }
}
