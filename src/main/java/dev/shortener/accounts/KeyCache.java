package dev.shortener.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.shortener.cache.ReplicaCache;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replica's resolved keys, shared by its verticles, so an authenticated request costs no
 * database round trip. Keyed by the key's SHA-256 (never the key). Like the redirect near cache it is
 * trusted only while the replica hears the invalidation bus, which carries every key deletion (and
 * every deleted user's keys); a generation counter keeps a lookup that raced with a deletion from
 * caching what it read before. Expiry needs no message: it is checked on every use.
 */
public final class KeyCache implements ReplicaCache {
  /** Entries are refreshed this often even without a message (a safety net, not the mechanism). */
  private static final Duration POSITIVE_TTL = Duration.ofMinutes(5);
  /** Unknown keys: a fresh key has 256 random bits, so nobody can have probed it before it existed. */
  private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
  private static final int MAX_ENTRIES = 100_000;
  /** Bus entries: a deleted key, and every key of a deleted user. */
  static final String KEY_ENTRY = MARK + "k";
  static final String USER_ENTRY = MARK + "u";

  /** Cached "no such key". */
  static final Principal UNKNOWN = new Principal(null, null, false, null, "unknown");

  private final Cache<String, Principal> entries = Caffeine.newBuilder()
      .maximumSize(MAX_ENTRIES)
      .expireAfter(Expiry.<String, Principal>creating((hash, p) -> p == UNKNOWN ? NEGATIVE_TTL : POSITIVE_TTL))
      .build();
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean trusted = new AtomicBoolean(false);

  /** The cached principal (or {@link #UNKNOWN}); null when not cached or not trusted right now. */
  Principal get(byte[] hash) {
    return trusted.get() ? entries.getIfPresent(HexFormat.of().formatHex(hash)) : null;
  }

  long generation() {
    return generation.get();
  }

  void put(byte[] hash, Principal principal, long startedAt) {
    if (trusted.get() && generation.get() == startedAt) {
      entries.put(HexFormat.of().formatHex(hash), principal);
    }
  }

  /** Applies a bus entry: {@code !k<id>} drops that key, {@code !u<id>} every key of that user. */
  @Override
  public void invalidate(String entry) {
    generation.incrementAndGet();
    long id;
    try {
      id = Long.parseLong(entry.substring(2));
    } catch (RuntimeException e) {
      entries.invalidateAll();
      return;
    }
    boolean byKey = entry.startsWith(KEY_ENTRY);
    entries.asMap().values().removeIf(p -> p != UNKNOWN
        && Long.valueOf(id).equals(byKey ? p.keyId() : p.userId()));
  }

  public void clear() {
    generation.incrementAndGet();
    entries.invalidateAll();
  }

  @Override
  public void trust() {
    clear();
    trusted.set(true);
  }

  /** The bus is down: a deletion elsewhere would go unheard, so every request asks the database. */
  @Override
  public void distrust() {
    trusted.set(false);
    clear();
  }
}
