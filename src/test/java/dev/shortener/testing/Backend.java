package dev.shortener.testing;

import dev.shortener.config.DatabaseUrl;

/** Real PostgreSQL and Redis for the tests, which fault tests may stop and start again (same address). */
public interface Backend extends AutoCloseable {
  DatabaseUrl databaseUrl();

  String redisUrl();

  void stopPostgres();

  void startPostgres();

  void stopRedis();

  void startRedis();

  /** Testcontainers when a Docker engine answers (or TEST_BACKEND=containers), else embedded processes. */
  static Backend create() {
    String choice = System.getenv().getOrDefault("TEST_BACKEND", "auto");
    if (choice.equals("containers") || (choice.equals("auto") && ContainerBackend.dockerAvailable())) {
      return new ContainerBackend();
    }
    return new EmbeddedBackend();
  }

  @Override
  void close();
}
