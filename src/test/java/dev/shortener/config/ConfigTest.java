package dev.shortener.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static final String KEY_HASH = "a".repeat(64);

  @Test
  void readsTheShippedYamlWithDefaults() {
    AppConfig config = ConfigLoader.load(Map.of());
    assertEquals(8080, config.http().port());
    assertEquals(64 * 1024, config.http().jsonBodyLimit());
    assertEquals(10 * 1024 * 1024, config.http().csvBodyLimit());
    assertNull(config.database().url());
    assertEquals("redis://127.0.0.1:6379", config.redis().url());
    assertEquals(List.of(), config.security().apiKeyHashes());
    assertEquals(Duration.ofSeconds(10), config.shutdown().timeout());
    assertTrue(config.httpInstances() >= 1);
  }

  @Test
  void environmentOverridesTheFile() {
    AppConfig config = ConfigLoader.load(Map.of(
        "HTTP_PORT", "9090",
        "DATABASE_URL", "postgresql://app:s%40cret@db.internal:6543/shortener",
        "REDIS_URL", "redis://cache:6380",
        "API_KEYS", KEY_HASH + ", " + "B".repeat(64),
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4317"));
    assertEquals(9090, config.http().port());
    assertEquals(new DatabaseUrl("db.internal", 6543, "shortener", "app", "s@cret"), config.database().url());
    assertEquals("jdbc:postgresql://db.internal:6543/shortener", config.database().url().jdbcUrl());
    assertEquals("postgresql://app@db.internal:6543/shortener", config.database().url().toString());
    assertEquals("redis://cache:6380", config.redis().url());
    assertEquals(List.of(KEY_HASH, "b".repeat(64)), config.security().apiKeyHashes());
    assertTrue(config.tracing().enabled());
  }

  @Test
  void everyKeyHasAnEnvironmentName() {
    AppConfig config = ConfigLoader.load(Map.of("SHORTENER_CLICKS_QUEUE_CAPACITY", "42",
        "SHORTENER_SHUTDOWN_READINESS_DELAY_MS", "0", "SHORTENER_HTTP_PORT", "1234", "HTTP_PORT", "4321"));
    assertEquals(42, config.clicks().queueCapacity());
    assertEquals(Duration.ZERO, config.shutdown().readinessDelay());
    assertEquals(4321, config.http().port());
  }

  @Test
  void aFileNamingOneKeyKeepsEveryOtherDefault() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("shortener", ".yaml");
    try {
      java.nio.file.Files.writeString(file, "clicks:\n  writers: 3\n");
      AppConfig config = ConfigLoader.load(Map.of("CONFIG_FILE", file.toString()));
      assertEquals(3, config.clicks().writers());
      assertEquals(100_000, config.clicks().queueCapacity());
      assertEquals(8080, config.http().port());
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void theCodeHasNoDefaultsOfItsOwn() {
    JsonObject defaults = ConfigLoader.defaults();
    defaults.getJsonObject("redis").remove("ttl-seconds");
    ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(defaults));
    assertTrue(e.getMessage().startsWith("missing setting redis.ttl-seconds"), e.getMessage());
  }

  @Test
  void productionStartNeedsADatabaseUrl() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of()).requireProductionSettings());
    assertTrue(e.getMessage().startsWith("DATABASE_URL is not set"), e.getMessage());
  }

  @Test
  void malformedValuesFailWithOneClearLine() {
    assertEquals("HTTP_PORT must be an integer, got 'eighty'",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("HTTP_PORT", "eighty"))).getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("API_KEYS", "plaintext-key")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("DATABASE_URL", "mysql://x/y")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("DATABASE_URL", "not a url")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("CONFIG_FILE", "/nonexistent.yaml")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("SHORTENER_CLICKS_WRITERS", "0")));
  }

  @Test
  void databaseUrlDefaults() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://db");
    assertEquals(5432, url.port());
    assertEquals("postgres", url.user());
    assertEquals("postgres", url.database());
    assertEquals("", url.password());
  }
}
