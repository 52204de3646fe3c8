package dev.shortener.clicks;

import dev.shortener.analytics.Visitors;
import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visitor hash's secret of each UTC day, kept in PostgreSQL so every replica hashes a client the
 * same way: the first replica to need a day's secret stores a random one, the others read it. Held
 * in memory for the last days; the maintenance deletes old ones from the table.
 */
final class VisitorSecrets {
  private static final String CLAIM = """
      WITH mine AS (INSERT INTO visitor_secrets (day, secret) VALUES ($1, $2)
                    ON CONFLICT (day) DO NOTHING RETURNING secret)
      SELECT secret FROM mine UNION ALL SELECT secret FROM visitor_secrets WHERE day = $1""";

  private final Database db;
  private final Map<LocalDate, byte[]> known = new ConcurrentHashMap<>();

  VisitorSecrets(Database db) {
    this.db = db;
  }

  /** Visitors hashing with the secrets of {@code days}, each loaded (or made) first. */
  Future<Visitors> forDays(List<LocalDate> days) {
    Future<Void> loaded = Future.succeededFuture();
    for (LocalDate day : days) {
      if (!known.containsKey(day)) {
        loaded = loaded.compose(v -> claim(day, 0));
      }
    }
    return loaded.map(v -> {
      LocalDate oldest = days.stream().min(LocalDate::compareTo).orElseThrow().minusDays(2);
      known.keySet().removeIf(d -> d.isBefore(oldest));
      return Visitors.create(day -> {
        byte[] secret = known.get(day);
        if (secret == null) {
          throw new IllegalStateException("no visitor secret loaded for " + day);
        }
        return secret;
      });
    });
  }

  /** A replica racing us committed after our statement's snapshot: the next statement sees its secret. */
  private Future<Void> claim(LocalDate day, int attempt) {
    return db.query(CLAIM, Tuple.of(day, Buffer.buffer(Visitors.newSecret()))).compose(rows -> {
      for (Row row : rows) {
        known.put(day, row.getBuffer(0).getBytes());
        return Future.<Void>succeededFuture();
      }
      if (attempt >= 3) {
        return Future.failedFuture(new IllegalStateException("no visitor secret for " + day));
      }
      return claim(day, attempt + 1);
    });
  }
}
