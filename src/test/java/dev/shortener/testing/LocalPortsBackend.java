package dev.shortener.testing;

import dev.shortener.config.DatabaseUrl;

/** What both backends share: PostgreSQL and Redis on fixed local ports, chosen once. */
abstract class LocalPortsBackend implements Backend {
  protected final int pgPort = Ports.free();
  protected final int redisPort = Ports.free();

  @Override
  public DatabaseUrl databaseUrl() {
    return new DatabaseUrl("127.0.0.1", pgPort, "postgres", "postgres", "postgres");
  }

  @Override
  public String redisUrl() {
    return "redis://127.0.0.1:" + redisPort;
  }
}
