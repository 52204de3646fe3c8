package dev.shortener.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Typed, immutable configuration: {@code conf/application.yaml} overlaid with environment variables. */
public record AppConfig(
    Http http,
    Database database,
    Redis redis,
    Cache cache,
    Clicks clicks,
    Webhooks webhooks,
    Security security,
    Tracing tracing,
    Shutdown shutdown,
    Dev dev) {

  /** Environment variables and the YAML paths they override. */
  static final Map<String, String> ENV_OVERRIDES = Map.of(
      "HTTP_PORT", "http.port",
      "DATABASE_URL", "database.url",
      "REDIS_URL", "redis.url",
      "API_KEYS", "security.api-keys",
      "WEBHOOK_ALLOW_PRIVATE", "webhooks.allow-private",
      "AUTH_MODE", "security.auth-mode",
      "TRUSTED_PROXIES", "security.trusted-proxies",
      "RATE_LIMIT_API", "security.rate-limit-api",
      "OTEL_EXPORTER_OTLP_ENDPOINT", "tracing.otlp-endpoint");

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public record Http(String host, int port, int instances, int jsonBodyLimit, int csvBodyLimit) {}

  public record Database(
      DatabaseUrl url, int poolSize, int pipelinedSize, Duration queryTimeout, Duration readyTimeout) {}

  public record Redis(
      String url, Duration timeout, Duration ttl, int breakerMaxFailures, Duration breakerReset) {}

  public record Cache(int nearMaxEntries, Duration nearTtl, Duration negativeTtl) {}

  public record Clicks(int queueCapacity, int maxBatch, Duration maxBackoff, int writers) {
    public Clicks {
      if (queueCapacity < 1 || maxBatch < 1 || writers < 1) {
        throw new ConfigException("clicks.queue-capacity, clicks.max-batch and clicks.writers must be at least 1");
      }
    }
  }

  /** Webhook deliveries (see {@code dev.shortener.webhooks}). */
  public record Webhooks(boolean allowPrivate, boolean dispatcher, Duration pollInterval, Duration timeout,
      int concurrency, Duration retryBase, Duration retryMax, int maxAttempts, int disableAfter) {
    public Webhooks {
      if (concurrency < 1 || maxAttempts < 1 || disableAfter < 1 || pollInterval.toMillis() < 1) {
        throw new ConfigException("webhooks.concurrency, max-attempts, disable-after and poll-interval-ms must be at least 1");
      }
    }
  }

  /** {@code keys}: every API route needs a key; {@code open}: the original service's open API. */
  public enum AuthMode { KEYS, OPEN }

  /**
   * Who may call the API and how often. {@code authMode} is null until the start decides it (keys for
   * the production start, open for dev); {@code rateLimitApi} is requests per minute, 0 = no limit.
   */
  public record Security(AuthMode authMode, List<String> apiKeyHashes, List<Cidr> trustedProxies, int rateLimitApi,
      Duration keyUsageFlush) {
    public Security {
      if (rateLimitApi < 0) {
        throw new ConfigException("RATE_LIMIT_API must be 0 (off) or a positive number of requests per minute");
      }
    }

    /** The mode in force: unset means keys, the safe default. */
    public AuthMode mode() {
      return authMode == null ? AuthMode.KEYS : authMode;
    }
  }

  public record Tracing(String otlpEndpoint, String serviceName) {
    public boolean enabled() {
      return !otlpEndpoint.isBlank();
    }
  }

  public record Shutdown(Duration readinessDelay, Duration timeout) {}

  public record Dev(String dataDir, int postgresPort, int redisPort) {}

  /**
   * Builds the typed configuration from the merged JSON tree.
   *
   * @throws ConfigException with one clear line when a required value is missing or malformed
   */
  public static AppConfig from(JsonObject json) {
    JsonObject http = section(json, "http");
    JsonObject db = section(json, "database");
    JsonObject redis = section(json, "redis");
    JsonObject cache = section(json, "cache");
    JsonObject clicks = section(json, "clicks");
    JsonObject tracing = section(json, "tracing");
    JsonObject dev = section(json, "dev");
    String dbUrl = string(db, "url", "");
    return new AppConfig(
        new Http(
            string(http, "host", "0.0.0.0"),
            integer(http, "port", 8080, "HTTP_PORT"),
            integer(http, "instances", 0, "http.instances"),
            integer(http, "json-body-limit", 64 * 1024, "http.json-body-limit"),
            integer(http, "csv-body-limit", 10 * 1024 * 1024, "http.csv-body-limit")),
        new Database(
            dbUrl.isBlank() ? null : DatabaseUrl.parse(dbUrl),
            integer(db, "pool-size", 8, "database.pool-size"),
            integer(db, "pipelined-size", 4, "database.pipelined-size"),
            millis(db, "query-timeout-ms", 5000),
            millis(db, "ready-timeout-ms", 1000)),
        new Redis(
            string(redis, "url", "redis://127.0.0.1:6379"),
            millis(redis, "timeout-ms", 250),
            Duration.ofSeconds(integer(redis, "ttl-seconds", 3600, "redis.ttl-seconds")),
            integer(redis, "breaker-max-failures", 5, "redis.breaker-max-failures"),
            millis(redis, "breaker-reset-ms", 5000)),
        new Cache(
            integer(cache, "near-max-entries", 100_000, "cache.near-max-entries"),
            Duration.ofSeconds(integer(cache, "near-ttl-seconds", 300, "cache.near-ttl-seconds")),
            millis(cache, "negative-ttl-ms", 2000)),
        new Clicks(
            integer(clicks, "queue-capacity", 100_000, "clicks.queue-capacity"),
            integer(clicks, "max-batch", 1000, "clicks.max-batch"),
            millis(clicks, "max-backoff-ms", 5000),
            integer(clicks, "writers", 2, "clicks.writers")),
        webhooks(section(json, "webhooks")),
        security(section(json, "security")),
        new Tracing(string(tracing, "otlp-endpoint", ""), string(tracing, "service-name", "url-shortener")),
        new Shutdown(
            millis(section(json, "shutdown"), "readiness-delay-ms", 1000),
            millis(section(json, "shutdown"), "timeout-ms", 10_000)),
        new Dev(
            string(dev, "data-dir", "./data"),
            integer(dev, "postgres-port", 15432, "dev.postgres-port"),
            integer(dev, "redis-port", 16379, "dev.redis-port")));
  }

  /** Fails fast when the production start lacks what it cannot run without. */
  public AppConfig requireProductionSettings() {
    if (database.url() == null) {
      throw new ConfigException(
          "DATABASE_URL is not set: export DATABASE_URL=postgresql://user:pass@host:5432/db"
              + " (or run `java -jar url-shortener.jar dev` for embedded databases)");
    }
    return this;
  }

  public AppConfig withDatabaseUrl(DatabaseUrl url) {
    return new AppConfig(http, new Database(url, database.poolSize(), database.pipelinedSize(),
        database.queryTimeout(), database.readyTimeout()), redis, cache, clicks, webhooks, security, tracing,
        shutdown, dev);
  }

  public AppConfig withRedisUrl(String url) {
    return new AppConfig(http, database, new Redis(url, redis.timeout(), redis.ttl(),
        redis.breakerMaxFailures(), redis.breakerReset()), cache, clicks, webhooks, security, tracing,
        shutdown, dev);
  }

  /** This configuration with {@code mode} when AUTH_MODE was not set. */
  public AppConfig withDefaultAuthMode(AuthMode mode) {
    if (security.authMode() != null) {
      return this;
    }
    return new AppConfig(http, database, redis, cache, clicks, webhooks, new Security(mode, security.apiKeyHashes(),
        security.trustedProxies(), security.rateLimitApi(), security.keyUsageFlush()), tracing, shutdown, dev);
  }

  public int httpInstances() {
    return http.instances() > 0 ? http.instances() : Runtime.getRuntime().availableProcessors();
  }

  private static Webhooks webhooks(JsonObject json) {
    return new Webhooks(
        bool(json, "allow-private", false, "WEBHOOK_ALLOW_PRIVATE"),
        bool(json, "dispatcher", true, "webhooks.dispatcher"),
        millis(json, "poll-interval-ms", 1000),
        millis(json, "timeout-ms", 10_000),
        integer(json, "concurrency", 4, "webhooks.concurrency"),
        millis(json, "retry-base-ms", 5000),
        millis(json, "retry-max-ms", 900_000),
        integer(json, "max-attempts", 12, "webhooks.max-attempts"),
        integer(json, "disable-after", 20, "webhooks.disable-after"));
  }

  private static boolean bool(JsonObject json, String key, boolean fallback, String name) {
    Object value = json.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name + " must be true or false, got '" + value + "'");
    };
  }

  private static Security security(JsonObject json) {
    String mode = string(json, "auth-mode", "").toLowerCase(Locale.ROOT);
    AuthMode authMode = switch (mode) {
      case "" -> null;
      case "keys" -> AuthMode.KEYS;
      case "open" -> AuthMode.OPEN;
      default -> throw new ConfigException("AUTH_MODE must be 'keys' or 'open', got '" + mode + "'");
    };
    List<Cidr> proxies = Arrays.stream(string(json, "trusted-proxies", "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Cidr::parse)
        .toList();
    return new Security(authMode, apiKeyHashes(string(json, "api-keys", "")), proxies,
        integer(json, "rate-limit-api", 1200, "RATE_LIMIT_API"),
        millis(json, "key-usage-flush-ms", 60_000));
  }

  private static List<String> apiKeyHashes(String raw) {
    List<String> hashes = Arrays.stream(raw.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .toList();
    for (String hash : hashes) {
      if (!SHA256_HEX.matcher(hash).matches()) {
        throw new ConfigException("API_KEYS must be comma-separated SHA-256 hex digests (64 hex chars each)");
      }
    }
    return hashes;
  }

  private static JsonObject section(JsonObject json, String name) {
    Object value = json.getValue(name);
    return value instanceof JsonObject obj ? obj : new JsonObject();
  }

  private static String string(JsonObject json, String key, String fallback) {
    Object value = json.getValue(key);
    return value == null ? fallback : value.toString().trim();
  }

  private static int integer(JsonObject json, String key, int fallback, String name) {
    Object value = json.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static Duration millis(JsonObject json, String key, int fallback) {
    return Duration.ofMillis(integer(json, key, fallback, key));
  }
}
