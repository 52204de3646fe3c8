package dev.shortener.clicks;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The (link, day, visitor) keys this replica's click writers know are in {@code click_visitors}, so
 * a batch sends its visitors statement only the others: over traffic spread across many links that
 * statement took a tenth of PostgreSQL's time per click, almost all of it finding keys already
 * there. A fixed table of 64-bit fingerprints, direct-mapped: a key that is overwritten is forgotten
 * and sent again (a conflict in the database, never a miscount); a wrong "known" needs two keys with
 * one fingerprint. Keys are added only after the batch that sent them committed, so a rolled-back
 * batch teaches nothing. What it cannot see is rows removed behind its back: a database restored to
 * an earlier point under running replicas would leave them knowing visitors it lost (not counted again
 * that day until they restart). The retention's deletes only take days before yesterday.
 */
final class KnownVisitors {
  private final AtomicLongArray slots;
  private final int mask;

  /** {@code slots}: a power of two (8 bytes each). */
  KnownVisitors(int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = new AtomicLongArray(slots);
    this.mask = slots - 1;
  }

  boolean known(ClickRollups.Visitor visitor) {
    long f = fingerprint(visitor);
    return slots.get((int) f & mask) == f;
  }

  void add(ClickRollups.Visitor visitor) {
    long f = fingerprint(visitor);
    slots.lazySet((int) f & mask, f);
  }

  /** Forgets every key (after {@code click_visitors} was emptied outside the service: tests). */
  void clear() {
    for (int i = 0; i < slots.length(); i++) {
      slots.set(i, 0);
    }
  }

  /** The key mixed into 64 bits (SplitMix64's finaliser per part); never 0, the empty slot. */
  private static long fingerprint(ClickRollups.Visitor visitor) {
    long h = mix(visitor.urlId() ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ visitor.day().toEpochDay());
    h = mix(h ^ visitor.visitor());
    return h == 0 ? 1 : h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
