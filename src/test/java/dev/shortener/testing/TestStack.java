package dev.shortener.testing;

import dev.shortener.Application;
import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The test JVM's real PostgreSQL and Redis (started once) and the default in-process service.
 * {@link #reset()} gives every test empty tables, an empty Redis and cold caches.
 */
public final class TestStack {
  private static TestStack instance;

  private final Backend backend;
  private final Application app;
  private final int port;

  private TestStack() throws Exception {
    backend = Backend.create();
    port = Ports.free();
    app = Application.start(config(Map.of("HTTP_PORT", Integer.toString(port))));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.stop();
      backend.close();
    }));
    sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  }

  public static synchronized TestStack get() {
    if (instance == null) {
      try {
        instance = new TestStack();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test stack", e);
      }
    }
    return instance;
  }

  /** Configuration as production reads it (conf/application.yaml + environment), aimed at this backend. */
  public AppConfig config(Map<String, String> extraEnv) {
    return ConfigLoader.load(env(extraEnv));
  }

  /** The environment {@link #config} reads: this backend, open mode, no rate limit, then {@code extraEnv}. */
  public Map<String, String> env(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:" + backend.databaseUrl().port() + "/postgres");
    env.put("REDIS_URL", backend.redisUrl());
    env.put("HTTP_PORT", Integer.toString(Ports.free()));
    env.put("SHORTENER_SHUTDOWN_READINESS_DELAY_MS", "0");
    env.put("SHORTENER_SHUTDOWN_TIMEOUT_MS", "5000");
    // part 1's open API and no rate limit, unless a test asks for keys mode or a limit
    env.put("AUTH_MODE", "open");
    env.put("RATE_LIMIT_API", "0");
    // webhook tests start their own dispatching replicas; the shared stack only writes the outbox
    env.put("SHORTENER_WEBHOOKS_DISPATCHER", "false");
    env.put("CLICK_JOURNAL_DIR", journalDir());
    env.putAll(extraEnv);
    return env;
  }

  /** A click journal directory of its own: each replica locks its directory. Removed at JVM exit. */
  public static String journalDir() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("shortener-journal");
      dir.toFile().deleteOnExit();
      return dir.toString();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Another replica on the same databases (API keys on, a second instance for consistency tests...). */
  public Replica startReplica(Map<String, String> extraEnv) throws Exception {
    return startReplica(extraEnv, null);
  }

  /** A replica with its own tracing (null: off). */
  public Replica startReplica(Map<String, String> extraEnv, dev.shortener.observability.Tracing tracing) throws Exception {
    AppConfig config = config(extraEnv);
    Replica replica = new Replica(Application.start(config, tracing), config.http().port());
    REPLICAS.add(replica.app());
    return replica;
  }

  /** The replicas started and not closed yet: {@link #reset} empties their caches of rows it deletes. */
  private static final java.util.Set<Application> REPLICAS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public record Replica(Application app, int port) implements AutoCloseable {
    public Api api() {
      return new Api("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
      REPLICAS.remove(app);
      app.stop();
    }
  }

  public Api api() {
    return new Api(baseUrl());
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Application app() {
    return app;
  }

  public Backend backend() {
    return backend;
  }

  /** Empties every table a test writes to, ids from 1 again (the click rollups have no foreign keys). */
  public static final String EMPTY_TABLES = "TRUNCATE users, urls, events, api_keys, clicks, click_hourly,"
      + " click_dimensions, click_dimensions_daily, click_visitors RESTART IDENTITY CASCADE";

  /** Waits for buffered clicks to be written, then empties tables, Redis and the near cache. */
  public void reset() {
    Waits.until(java.time.Duration.ofSeconds(10), "the click queue to drain", () -> app.services().clicks().idle());
    emptyTables();
    RedisCommands.flushAll(backend.redisUrl());
    app.services().nearCache().clear();
    app.services().clicks().forgetVisitors();
    REPLICAS.forEach(replica -> replica.services().clicks().forgetVisitors()); // the ids start from 1 again
    app.services().keys().clear();
  }

  /**
   * The TRUNCATE, again when PostgreSQL chose it as a deadlock's victim: it takes its tables' locks
   * one by one while the service's background work (key usage, webhooks, maintenance) may hold one
   * of them and want another. Seen once in .ci/run; retrying is what PostgreSQL advises.
   */
  private void emptyTables() {
    for (int attempt = 1; ; attempt++) {
      try (Connection conn = connect(); Statement st = conn.createStatement()) {
        st.execute(EMPTY_TABLES);
        return;
      } catch (SQLException e) {
        if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
          throw new IllegalStateException(e);
        }
        Waits.sleep(50L * attempt);
      }
    }
  }

  /** Runs SQL straight against PostgreSQL, outside the service. */
  public void sql(String statement) {
    try (Connection conn = connect(); Statement st = conn.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public long count(String query) {
    try (Connection conn = connect(); Statement st = conn.createStatement(); var rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Connection connect() throws SQLException {
    var url = backend.databaseUrl();
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }
}
