package dev.shortener.redirect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.shortener.config.AppConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replica's in-process tier, shared by its verticles. It is trusted only while the replica
 * hears invalidations from Redis; a generation counter stops a lookup that raced with an
 * invalidation from caching what it read before the change.
 */
public final class NearCache {
  /** A cached answer: a target, or "no such code" (negative entry). */
  record Entry(RedirectTarget target) {
    static final Entry ABSENT = new Entry(null);
  }

  private final Cache<String, Entry> entries;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean trusted = new AtomicBoolean(false);
  private final AtomicBoolean redisDirty = new AtomicBoolean(false);

  public NearCache(AppConfig.Cache config) {
    long positiveNanos = config.nearTtl().toNanos();
    long negativeNanos = config.negativeTtl().toNanos();
    this.entries = Caffeine.newBuilder()
        .maximumSize(config.nearMaxEntries())
        .expireAfter(Expiry.<String, Entry>creating((code, entry) ->
            Duration.ofNanos(entry.target() == null ? negativeNanos : positiveNanos)))
        .build();
  }

  /** Empty when the code is not cached here (or this tier is not trusted right now). */
  Optional<Entry> get(String code) {
    return trusted.get() ? Optional.ofNullable(entries.getIfPresent(code)) : Optional.empty();
  }

  long generation() {
    return generation.get();
  }

  /** Caches what a lookup found, unless an invalidation happened since it started. */
  void put(String code, RedirectTarget target, long startedAt) {
    if (trusted.get() && generation.get() == startedAt) {
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

  /** The invalidation channel is up: start from empty and trust what gets cached from now on. */
  void trust() {
    invalidateAll();
    trusted.set(true);
  }

  /** The invalidation channel is down: changes elsewhere would go unheard, so cache nothing. */
  void distrust() {
    trusted.set(false);
    invalidateAll();
  }

  public boolean trusted() {
    return trusted.get();
  }

  /** An invalidation could not reach Redis: its entries may be stale until the namespace is flushed. */
  void markRedisDirty() {
    redisDirty.set(true);
  }

  boolean takeRedisDirty() {
    return redisDirty.getAndSet(false);
  }
}
