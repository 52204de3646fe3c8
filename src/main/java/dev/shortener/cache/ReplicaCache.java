package dev.shortener.cache;

/**
 * A per-replica cache besides the redirects' that the invalidation bus keeps coherent (API keys):
 * trusted only while the replica hears the bus, and told about each entry addressed to it. Its
 * entries travel on the same channel as short codes, marked with {@link #MARK}, which no short code
 * contains.
 */
public interface ReplicaCache {
  String MARK = "!";

  /** The bus is up: start from empty and trust what gets cached from now on. */
  void trust();

  /** The bus is down: a change elsewhere would go unheard, so cache nothing. */
  void distrust();

  /** Applies one entry (it starts with {@link #MARK}) that a writer on some replica broadcast. */
  void invalidate(String entry);
}
