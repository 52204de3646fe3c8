package dev.shortener.cli;

import static dev.shortener.testing.KeysMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.Main;
import dev.shortener.config.ConfigException;
import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.KeysMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The first admin key: a production start refuses to run without one, and the command line makes one. */
class ApiKeyCommandTest extends ApiTest {
  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ApiKeyCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The production start's environment: keys mode is its default, so AUTH_MODE is not set. */
  private static Map<String, String> production() {
    Map<String, String> env = new HashMap<>(STACK.env(Map.of()));
    env.remove("AUTH_MODE");
    return env;
  }

  @Test
  void aProductionStartWithoutAnyAdminKeyStopsWithOneLineSayingHowToMakeOne() throws Exception {
    ConfigException refused = assertThrows(ConfigException.class, () -> Main.start(new String[0], production()));
    assertEquals(1, refused.getMessage().lines().count());
    assertTrue(refused.getMessage().contains("java -jar url-shortener.jar api-key create --admin --name NAME"),
        refused.getMessage());

    Run created = run(production(), "api-key", "create", "--admin", "--name", "first");
    assertEquals(0, created.code(), created.err());
    String key = created.out().strip();
    assertTrue(key.matches("[A-Za-z0-9_-]{43,}"), created.out());
    assertTrue(created.err().contains("admin"), created.err());

    Map<String, String> env = production();
    Main.Running running = Main.start(new String[0], env);
    try {
      Api api = new Api("http://127.0.0.1:" + env.get("HTTP_PORT"));
      assertEquals(401, api.get("/users").status()); // keys mode by default
      assertEquals(201, api.post("/users", "{\"username\":\"a\",\"email\":\"a@example.com\"}", as(key)).status());
    } finally {
      running.shutdown();
    }
  }

  @Test
  void createListAndRevokeUserKeys() {
    long alice = createUser("alice").getLong("id");
    Run created = run(production(), "api-key", "create", "--user", Long.toString(alice), "--scopes", "read",
        "--name", "reporting");
    assertEquals(0, created.code(), created.err());
    String key = created.out().strip();
    assertEquals(1, STACK.count("SELECT count(*) FROM api_keys WHERE user_id = " + alice
        + " AND scopes = ARRAY['read']::varchar[] AND name = 'reporting'"));

    Run listed = run(production(), "api-key", "list");
    assertEquals(0, listed.code(), listed.err());
    List<String> lines = listed.out().lines().toList();
    assertEquals(2, lines.size(), listed.out());
    assertTrue(lines.get(1).startsWith("1\treporting\t" + alice + "\tread\t" + key.substring(0, 8) + "\t"), lines.get(1));
    assertTrue(!listed.out().contains(key), "the key itself is never listed");

    Run revoked = run(production(), "api-key", "revoke", "1");
    assertEquals(0, revoked.code(), revoked.err());
    assertEquals(0, STACK.count("SELECT count(*) FROM api_keys"));
    assertEquals(1, run(production(), "api-key", "revoke", "1").code());
  }

  @Test
  void badArgumentsPrintTheUsageAndExit2() {
    for (String[] args : new String[][] {{"api-key"}, {"api-key", "create", "--name", "x"},
        {"api-key", "create", "--admin", "--user", "1", "--name", "x"}, {"api-key", "revoke"},
        {"api-key", "rotate"}, {"api-key", "create", "--user", "abc", "--name", "x"}}) {
      Run run = run(production(), args);
      assertEquals(2, run.code(), String.join(" ", args) + ": " + run.err());
    }
    Run invalid = run(production(), "api-key", "create", "--admin", "--name", " ");
    assertEquals(1, invalid.code());
    assertTrue(invalid.err().contains("name"), invalid.err());
    assertEquals(0, STACK.count("SELECT count(*) FROM api_keys"));
  }

  @Test
  void aKeysModeReplicaStartsWhenAnApiKeysDigestIsConfigured() throws Exception {
    try (KeysMode keys = KeysMode.start(Map.of())) {
      assertEquals(200, keys.api().get("/users", as(KeysMode.ADMIN_KEY)).status());
    }
  }
}
