package dev.shortener.accounts;

import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.LocalDateTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One per replica: writes {@code last_used_at} of the keys used each period, and once more on stop. */
public final class KeyUsageWriter extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KeyUsageWriter.class);
  private final AppConfig config;
  private final KeyUsage usage;
  private Database db;
  private ApiKeyStore store;

  public KeyUsageWriter(AppConfig config, KeyUsage usage) {
    this.config = config;
    this.usage = usage;
  }

  @Override
  public Future<?> start() {
    db = Database.create(vertx, config.database());
    store = new ApiKeyStore(db);
    vertx.setPeriodic(Math.max(10, config.security().keyUsageFlush().toMillis()), id -> flush());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return flush().eventually(db::close);
  }

  private Future<Void> flush() {
    Map<Long, LocalDateTime> used = usage.drain();
    if (used.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.touch(used).onFailure(e -> {
      LOG.warn("could not record when {} API key(s) were last used: {}", used.size(), e.toString());
      used.forEach(usage::used); // next period; a newer use in between wins either way
    }).otherwise((Void) null);
  }
}
