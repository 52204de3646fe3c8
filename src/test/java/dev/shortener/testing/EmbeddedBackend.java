package dev.shortener.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** PostgreSQL (zonky binaries) and Redis (embedded-redis binaries) as child processes this JVM owns. */
final class EmbeddedBackend extends LocalPortsBackend {
  private final Path pgData;
  private EmbeddedPostgres postgres;
  private RedisServer redis;

  EmbeddedBackend() {
    try {
      pgData = Files.createTempDirectory("shortener-test-pg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    startPostgres();
    startRedis();
  }

  @Override
  public synchronized void startPostgres() {
    try {
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setPort(pgPort)
          .setServerConfig("shared_preload_libraries", "pg_stat_statements")
          .setServerConfig("fsync", "off")
          .setServerConfig("max_connections", "300")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void stopPostgres() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void startRedis() {
    try {
      redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"").build();
      redis.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void stopRedis() {
    try {
      redis.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      stopRedis();
    } finally {
      stopPostgres();
    }
  }
}
