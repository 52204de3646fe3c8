package dev.shortener.devmode;

import dev.shortener.config.AppConfig;
import dev.shortener.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * {@code dev} mode: PostgreSQL and Redis as child processes from binaries inside the jar, with their
 * data under {@code ./data/} so it survives restarts. Nothing to install but a JDK.
 */
public final class DevServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevServices.class);

  private final EmbeddedPostgres postgres;
  private final RedisServer redis;
  private final int redisPort;

  private DevServices(EmbeddedPostgres postgres, RedisServer redis, int redisPort) {
    this.postgres = postgres;
    this.redis = redis;
    this.redisPort = redisPort;
  }

  public static DevServices start(AppConfig.Dev config) throws IOException {
    Path root = Path.of(config.dataDir()).toAbsolutePath().normalize();
    Path pgData = Files.createDirectories(root.resolve("postgres"));
    Path redisData = Files.createDirectories(root.resolve("redis"));
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setPort(config.postgresPort())
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
    RedisServer redis;
    try {
      redis = RedisServer.newRedisServer()
          .port(config.redisPort())
          .bind("127.0.0.1")
          .setting("dir " + redisData)
          .setting("appendonly yes")
          .build();
      redis.start();
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
    LOG.info("dev mode: embedded PostgreSQL on 127.0.0.1:{}, Redis on 127.0.0.1:{}, data in {}",
        config.postgresPort(), config.redisPort(), root);
    return new DevServices(postgres, redis, config.redisPort());
  }

  public DatabaseUrl databaseUrl() {
    return new DatabaseUrl("127.0.0.1", postgres.getPort(), "postgres", "postgres", "postgres");
  }

  public String redisUrl() {
    return "redis://127.0.0.1:" + redisPort;
  }

  @Override
  public void close() throws IOException {
    try {
      redis.stop();
    } finally {
      postgres.close();
    }
  }
}
