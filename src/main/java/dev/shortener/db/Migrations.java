package dev.shortener.db;

import dev.shortener.config.DatabaseUrl;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway over JDBC, run once at boot before any verticle deploys. Flyway takes a PostgreSQL advisory
 * lock, so two replicas starting together migrate once.
 */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult migrate(DatabaseUrl url) {
    return Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .connectRetries(20) // the database may still be starting (compose, dev mode)
        .connectRetriesInterval(2)
        .load()
        .migrate();
  }
}
