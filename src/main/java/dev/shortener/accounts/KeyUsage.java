package dev.shortener.accounts;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each key was last used, collected in memory and written by {@link KeyUsageWriter} in one
 * statement per period: never a database write per request.
 */
public final class KeyUsage {
  private final ConcurrentHashMap<Long, LocalDateTime> pending = new ConcurrentHashMap<>();

  void used(long keyId, LocalDateTime at) {
    pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** What was used since the last call, and forgets it. */
  Map<Long, LocalDateTime> drain() {
    Map<Long, LocalDateTime> drained = new HashMap<>();
    for (Long id : pending.keySet()) {
      LocalDateTime at = pending.remove(id);
      if (at != null) {
        drained.put(id, at);
      }
    }
    return drained;
  }
}
