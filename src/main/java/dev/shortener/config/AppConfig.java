package dev.shortener.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Typed, immutable configuration: {@code conf/application.yaml} overlaid with environment variables. */
public record AppConfig(
    Http http,
    Database database,
    Redis redis,
    Cache cache,
    Clicks clicks,
    Links links,
    Webhooks webhooks,
    Security security,
    Tracing tracing,
    Shutdown shutdown,
    Dev dev) {

  /** Environment variables and the YAML paths they override. */
  static final Map<String, String> ENV_OVERRIDES = Map.ofEntries(
      Map.entry("HTTP_PORT", "http.port"),
      Map.entry("DATABASE_URL", "database.url"),
      Map.entry("DATABASE_REPLICA_URLS", "database.replica-urls"),
      Map.entry("REDIS_URL", "redis.url"),
      Map.entry("REDIS_CLUSTER_NODES", "redis.cluster-nodes"),
      Map.entry("REDIS_SENTINELS", "redis.sentinels"),
      Map.entry("REDIS_MASTER_NAME", "redis.master-name"),
      Map.entry("API_KEYS", "security.api-keys"),
      Map.entry("AUTH_MODE", "security.auth-mode"),
      Map.entry("TRUSTED_PROXIES", "security.trusted-proxies"),
      Map.entry("RATE_LIMIT_API", "security.rate-limit-api"),
      Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", "tracing.otlp-endpoint"),
      Map.entry("GEOIP_DB", "clicks.geoip-db"),
      Map.entry("CLICK_RETENTION_DAYS", "clicks.retention-days"),
      Map.entry("CLICK_JOURNAL_DIR", "clicks.journal-dir"),
      Map.entry("PUBLIC_BASE_URL", "links.public-base-url"),
      Map.entry("REDIRECT_STATUS", "links.redirect-status"),
      Map.entry("WEBHOOK_ALLOW_PRIVATE", "webhooks.allow-private"));

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** {@code managementPort}: 0 serves /metrics on {@code port}; otherwise on this port only. */
  public record Http(String host, int port, int instances, int jsonBodyLimit, int csvBodyLimit, int managementPort) {
    public Http {
      if (managementPort < 0 || managementPort > 65535 || (managementPort != 0 && managementPort == port)) {
        throw new ConfigException("http.management-port must be 0 (off) or a port other than HTTP_PORT");
      }
    }
  }

  /**
   * The primary ({@code url}: every write, and reads that must see them) and read replicas that may
   * serve redirect misses and lists while they lag less than {@code replicaMaxLag}. {@code streamPoolSize}
   * connections serve unpaged lists (server-side cursors) apart from the pools that redirects and
   * writes use, each stream bounded by {@code streamTimeout}.
   */
  public record Database(
      DatabaseUrl url, int poolSize, int pipelinedSize, Duration queryTimeout, Duration readyTimeout,
      int streamPoolSize, Duration streamTimeout, List<DatabaseUrl> replicaUrls, Duration replicaMaxLag) {
    public Database {
      replicaUrls = List.copyOf(replicaUrls);
    }

    /** The same database with other pool sizes and no stream pool (background verticles never stream). */
    public Database withPools(int poolSize, int pipelinedSize) {
      return new Database(url, poolSize, pipelinedSize, queryTimeout, readyTimeout, 0, streamTimeout,
          replicaUrls, replicaMaxLag);
    }

    /** The primary alone (background clients that only write or probe). */
    public Database(DatabaseUrl url, int poolSize, int pipelinedSize, Duration queryTimeout, Duration readyTimeout) {
      this(url, poolSize, pipelinedSize, queryTimeout, readyTimeout, 0, queryTimeout, List.of(), Duration.ZERO);
    }
  }

  /**
   * Where Redis is: one server ({@code url}), a Redis Cluster ({@code clusterNodes}, any reachable
   * subset of its nodes) or a master found through Sentinel ({@code sentinels} + {@code masterName}).
   */
  public record Redis(
      String url, Duration timeout, Duration ttl, int breakerMaxFailures, Duration breakerReset,
      List<String> clusterNodes, List<String> sentinels, String masterName) {
    public Redis {
      clusterNodes = List.copyOf(clusterNodes);
      sentinels = List.copyOf(sentinels);
      if (!clusterNodes.isEmpty() && !sentinels.isEmpty()) {
        throw new ConfigException("set REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both");
      }
      if (!sentinels.isEmpty() && masterName.isBlank()) {
        throw new ConfigException("REDIS_SENTINELS needs REDIS_MASTER_NAME (the name the sentinels monitor)");
      }
    }

    public enum Mode { STANDALONE, CLUSTER, SENTINEL }

    public Mode mode() {
      return !clusterNodes.isEmpty() ? Mode.CLUSTER : !sentinels.isEmpty() ? Mode.SENTINEL : Mode.STANDALONE;
    }
  }

  public record Cache(int nearMaxEntries, Duration nearTtl, Duration negativeTtl) {}

  /**
   * The click pipeline: the queue and its writers, and the analytics they record (GeoIP database,
   * user-agent cache, how many days raw clicks are kept; 0 keeps them), and the local journal that
   * keeps answered clicks across a kill (a directory per replica, blank: off; its file size and count).
   */
  public record Clicks(int queueCapacity, int maxBatch, Duration maxBackoff, int writers, String geoipDb,
      int userAgentCache, int retentionDays, String journalDir, int journalSegmentBytes, int journalMaxSegments) {
    /** Room for the largest click record (two 512-character headers in UTF-8) many times over. */
    public static final int MIN_JOURNAL_SEGMENT_BYTES = 65_536;

    public Clicks {
      if (journalSegmentBytes < MIN_JOURNAL_SEGMENT_BYTES || journalMaxSegments < 2) {
        throw new ConfigException("clicks.journal-segment-bytes must be at least " + MIN_JOURNAL_SEGMENT_BYTES
            + " and clicks.journal-max-segments at least 2");
      }
      if (queueCapacity < 1 || maxBatch < 1 || writers < 1) {
        throw new ConfigException("clicks.queue-capacity, clicks.max-batch and clicks.writers must be at least 1");
      }
      if (userAgentCache < 0 || retentionDays < 0) {
        throw new ConfigException("clicks.user-agent-cache and clicks.retention-days must not be negative");
      }
    }
  }

  /**
   * Link options: the base of every {@code short_url} (no trailing slash) and the redirect status of
   * links that do not choose one.
   */
  public record Links(String publicBaseUrl, int redirectStatus) {
    public static final List<Integer> REDIRECT_STATUSES = List.of(301, 302, 307, 308);

    public Links {
      if (!publicBaseUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
        throw new ConfigException("PUBLIC_BASE_URL must be an http(s) URL like https://sho.rt, got '"
            + publicBaseUrl + "'");
      }
      if (!REDIRECT_STATUSES.contains(redirectStatus)) {
        throw new ConfigException("REDIRECT_STATUS must be one of 301, 302, 307, 308, got " + redirectStatus);
      }
      publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
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
   * Builds the typed configuration from the merged JSON tree. Every key must be there: the defaults
   * are {@code conf/application.yaml} in the jar, which {@link ConfigLoader} always lays under the rest,
   * so this class has no defaults of its own.
   *
   * @throws ConfigException with one clear line when a value is missing or malformed
   */
  public static AppConfig from(JsonObject json) {
    return from(new Settings(json));
  }

  /** The keys {@link #from} reads, as {@code section.key}: the configuration's whole vocabulary. */
  public static Set<String> keys(JsonObject json) {
    Settings settings = new Settings(json);
    from(settings);
    return Collections.unmodifiableSet(settings.read);
  }

  private static AppConfig from(Settings s) {
    String dbUrl = s.string("database.url");
    return new AppConfig(
        new Http(
            s.string("http.host"),
            s.integer("http.port"),
            s.integer("http.instances"),
            s.integer("http.json-body-limit"),
            s.integer("http.csv-body-limit"),
            s.integer("http.management-port")),
        new Database(
            dbUrl.isBlank() ? null : DatabaseUrl.parse(dbUrl),
            s.integer("database.pool-size"),
            s.integer("database.pipelined-size"),
            s.millis("database.query-timeout-ms"),
            s.millis("database.ready-timeout-ms"),
            s.integer("database.stream-pool-size"),
            s.millis("database.stream-timeout-ms"),
            list(s.string("database.replica-urls")).stream().map(DatabaseUrl::parse).toList(),
            s.millis("database.replica-max-lag-ms")),
        new Redis(
            s.string("redis.url"),
            s.millis("redis.timeout-ms"),
            s.seconds("redis.ttl-seconds"),
            s.integer("redis.breaker-max-failures"),
            s.millis("redis.breaker-reset-ms"),
            list(s.string("redis.cluster-nodes")),
            list(s.string("redis.sentinels")),
            s.string("redis.master-name")),
        new Cache(
            s.integer("cache.near-max-entries"),
            s.seconds("cache.near-ttl-seconds"),
            s.millis("cache.negative-ttl-ms")),
        new Clicks(
            s.integer("clicks.queue-capacity"),
            s.integer("clicks.max-batch"),
            s.millis("clicks.max-backoff-ms"),
            s.integer("clicks.writers"),
            s.string("clicks.geoip-db"),
            s.integer("clicks.user-agent-cache"),
            s.integer("clicks.retention-days"),
            s.string("clicks.journal-dir"),
            s.integer("clicks.journal-segment-bytes"),
            s.integer("clicks.journal-max-segments")),
        new Links(
            s.string("links.public-base-url").isEmpty()
                ? "http://localhost:" + s.integer("http.port") : s.string("links.public-base-url"),
            s.integer("links.redirect-status")),
        webhooks(s),
        security(s),
        new Tracing(s.string("tracing.otlp-endpoint"), s.string("tracing.service-name")),
        new Shutdown(s.millis("shutdown.readiness-delay-ms"), s.millis("shutdown.timeout-ms")),
        new Dev(s.string("dev.data-dir"), s.integer("dev.postgres-port"), s.integer("dev.redis-port")));
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
        database.queryTimeout(), database.readyTimeout(), database.streamPoolSize(), database.streamTimeout(),
        database.replicaUrls(), database.replicaMaxLag()), redis, cache, clicks, links, webhooks, security, tracing, shutdown, dev);
  }

  public AppConfig withRedisUrl(String url) {
    return new AppConfig(http, database, new Redis(url, redis.timeout(), redis.ttl(),
        redis.breakerMaxFailures(), redis.breakerReset(), redis.clusterNodes(), redis.sentinels(),
        redis.masterName()), cache, clicks, links, webhooks, security, tracing, shutdown, dev);
  }

  /** This configuration with {@code mode} when AUTH_MODE was not set. */
  public AppConfig withDefaultAuthMode(AuthMode mode) {
    if (security.authMode() != null) {
      return this;
    }
    return new AppConfig(http, database, redis, cache, clicks, links, webhooks, new Security(mode, security.apiKeyHashes(),
        security.trustedProxies(), security.rateLimitApi(), security.keyUsageFlush()), tracing, shutdown, dev);
  }

  public int httpInstances() {
    return http.instances() > 0 ? http.instances() : Runtime.getRuntime().availableProcessors();
  }

  /** A comma-separated list, blanks dropped. */
  private static List<String> list(String raw) {
    return Arrays.stream(raw.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
  }

  private static Webhooks webhooks(Settings s) {
    return new Webhooks(
        bool(s.string("webhooks.allow-private"), "WEBHOOK_ALLOW_PRIVATE"),
        bool(s.string("webhooks.dispatcher"), "webhooks.dispatcher"),
        s.millis("webhooks.poll-interval-ms"),
        s.millis("webhooks.timeout-ms"),
        s.integer("webhooks.concurrency"),
        s.millis("webhooks.retry-base-ms"),
        s.millis("webhooks.retry-max-ms"),
        s.integer("webhooks.max-attempts"),
        s.integer("webhooks.disable-after"));
  }

  private static boolean bool(String value, String name) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name + " must be true or false, got '" + value + "'");
    };
  }

  private static Security security(Settings s) {
    String mode = s.string("security.auth-mode").toLowerCase(Locale.ROOT);
    AuthMode authMode = switch (mode) {
      case "" -> null;
      case "keys" -> AuthMode.KEYS;
      case "open" -> AuthMode.OPEN;
      default -> throw new ConfigException("AUTH_MODE must be 'keys' or 'open', got '" + mode + "'");
    };
    List<Cidr> proxies = list(s.string("security.trusted-proxies")).stream().map(Cidr::parse).toList();
    return new Security(authMode, apiKeyHashes(s.string("security.api-keys")), proxies,
        s.integer("security.rate-limit-api"), s.millis("security.key-usage-flush-ms"));
  }

  private static List<String> apiKeyHashes(String raw) {
    List<String> hashes = list(raw).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    for (String hash : hashes) {
      if (!SHA256_HEX.matcher(hash).matches()) {
        throw new ConfigException("API_KEYS must be comma-separated SHA-256 hex digests (64 hex chars each)");
      }
    }
    return hashes;
  }

  /** Reads {@code section.key} values out of the merged tree and remembers which keys were read. */
  private static final class Settings {
    private final JsonObject root;
    private final Set<String> read = new TreeSet<>();

    Settings(JsonObject root) {
      this.root = root;
    }

    String string(String path) {
      read.add(path);
      String[] parts = path.split("\\.", 2);
      Object section = root.getValue(parts[0]);
      Object value = section instanceof JsonObject values ? values.getValue(parts[1]) : null;
      if (value == null) {
        throw new ConfigException("missing setting " + path + " (conf/application.yaml in the jar has every key)");
      }
      return value.toString().trim();
    }

    int integer(String path) {
      String value = string(path);
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(name(path) + " must be an integer, got '" + value + "'");
      }
    }

    Duration millis(String path) {
      return Duration.ofMillis(integer(path));
    }

    Duration seconds(String path) {
      return Duration.ofSeconds(integer(path));
    }

    /** The conventional environment name when the key has one: it is what the operator set. */
    private static String name(String path) {
      return ENV_OVERRIDES.entrySet().stream().filter(e -> e.getValue().equals(path)).map(Map.Entry::getKey)
          .findFirst().orElse(path);
    }
  }
}
