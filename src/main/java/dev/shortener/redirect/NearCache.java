package dev.shortener.redirect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.shortener.config.AppConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replica's in-process tier, shared by its verticles: a bounded cache of targets and of "no such
 * code", each with its own lifetime. A generation counter stops a lookup that raced with an
 * invalidation from caching what it read before the change. Whether it may be used at all is
 * {@link Invalidations#trusted}'s call.
 */
public final class NearCache {
  /** A cached answer: a target, or "no such code" (negative entry). */
  record Entry(RedirectTarget target) {
    static final Entry ABSENT = new Entry(null);
  }

  private final Cache<String, Entry> entries;
  private final AtomicLong generation = new AtomicLong();

  public NearCache(AppConfig.Cache config) {
    long positiveNanos = config.nearTtl().toNanos();
    long negativeNanos = config.negativeTtl().toNanos();
    this.entries = Caffeine.newBuilder()
        .maximumSize(config.nearMaxEntries())
        .expireAfter(Expiry.<String, Entry>creating((code, entry) ->
            Duration.ofNanos(entry.target() == null ? negativeNanos : positiveNanos)))
        .build();
  }

  /** Empty when the code is not cached here. */
  Optional<Entry> get(String code) {
    return Optional.ofNullable(entries.getIfPresent(code));
  }

  long generation() {
    return generation.get();
  }

  /** Caches what a lookup found, unless an invalidation happened since it started. */
  void put(String code, RedirectTarget target, long startedAt) {
    if (generation.get() == startedAt) {
      entries.put(code, target == null ? Entry.ABSENT : new Entry(target));
    }
  }

  void invalidate(Collection<String> codes) {
    generation.incrementAndGet();
    entries.invalidateAll(codes);
  }

  /** Drops every entry (tests, and the "flush everything" message). */
  public void clear() {
    invalidateAll();
  }

  void invalidateAll() {
    generation.incrementAndGet();
    entries.invalidateAll();
  }
}
