package dev.shortener.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class UsersApiTest extends ApiTest {

  @Test
  void createsAUserWithLocationAndTimestamp() {
    HttpResult created = api.post("/users", "{\"username\":\" silvertrail15 \",\"email\":\"silvertrail15@hackstack.io\"}");
    assertEquals(201, created.status(), created.body());
    JsonObject user = created.json();
    assertEquals("silvertrail15", user.getString("username"));
    assertEquals("/users/" + user.getLong("id"), created.header("Location"));
    assertNotNull(created.header("X-Request-ID"));
    assertEquals(user, api.get("/users/" + user.getLong("id")).json());
  }

  @Test
  void takenUsernameOrEmailIsAConflict() {
    createUser("alice");
    assertEquals(new JsonObject().put("error", "Username already exists"),
        api.post("/users", "{\"username\":\"alice\",\"email\":\"other@example.com\"}").json());
    HttpResult email = api.post("/users", "{\"username\":\"bob\",\"email\":\"ALICE@example.com\"}");
    assertEquals(409, email.status());
    assertEquals("Email already exists", email.json().getString("error"));
  }
}
