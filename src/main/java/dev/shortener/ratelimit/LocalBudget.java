package dev.shortener.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-replica budget used while Redis cannot answer: the same fixed window, counted in this
 * process only (so with N replicas a client may get up to N times the limit during an outage;
 * never unlimited). Shared by the replica's verticles.
 */
public final class LocalBudget {
  private record Window(long endsAtMillis, AtomicLong count) {}

  private static final int MAX_SUBJECTS = 100_000;
  private final long windowMillis;
  private final Cache<String, Window> windows;

  public LocalBudget(Duration window) {
    this.windowMillis = window.toMillis();
    this.windows = Caffeine.newBuilder().maximumSize(MAX_SUBJECTS).expireAfterWrite(window).build();
  }

  Decision take(String subject, int limit, long nowMillis) {
    Window window = windows.asMap().compute(subject, (s, current) ->
        current == null || nowMillis >= current.endsAtMillis ? new Window(nowMillis + windowMillis, new AtomicLong())
            : current);
    long count = window.count.incrementAndGet();
    return Decision.of(limit, count, window.endsAtMillis - nowMillis);
  }
}
