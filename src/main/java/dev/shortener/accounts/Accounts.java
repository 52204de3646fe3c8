package dev.shortener.accounts;

import dev.shortener.db.ListQuery;
import dev.shortener.errors.Failure;
import dev.shortener.validation.Fields;
import dev.shortener.validation.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules of keys: who a presented key is, who may make, see and delete which keys. Deleting a
 * key (or a user) drops it from every replica's {@link KeyCache} before the answer.
 */
public final class Accounts {
  /** What a new key asks for (validated: name, scopes, expiry; {@code userId} null = admin key). */
  public record NewKey(String name, Long userId, boolean userIdGiven, boolean write, LocalDateTime expiresAt) {
    static final int NAME_MAX = 100;

    /** From a request body; {@code user_id: null} asks for an admin key, an absent one the caller's user. */
    public static NewKey from(JsonObject body) {
      Fields fields = new Fields(body);
      String name = fields.string("name", true, NAME_MAX, false);
      boolean adminKey = body.containsKey("user_id") && body.getValue("user_id") == null;
      Long userId = adminKey ? null : fields.id("user_id", false);
      Set<String> scopes = fields.stringSet("scopes", true, Set.of(Principal.READ, Principal.WRITE));
      LocalDateTime expiresAt = fields.futureTimestamp("expires_at").orElse(null);
      fields.validate();
      return new NewKey(name, userId, body.containsKey("user_id"), scopes.contains(Principal.WRITE), expiresAt);
    }
  }

  private final ApiKeyStore store;
  private final KeyCache cache;
  private final KeyUsage usage;
  private final List<byte[]> adminDigests;
  private final Function<List<String>, Future<Void>> broadcast;

  /**
   * @param adminDigests the {@code API_KEYS} SHA-256 digests
   * @param broadcast sends key-cache entries over the invalidation bus and waits for every replica
   */
  public Accounts(ApiKeyStore store, KeyCache cache, KeyUsage usage, List<String> adminDigests,
      Function<List<String>, Future<Void>> broadcast) {
    this.store = store;
    this.cache = cache;
    this.usage = usage;
    this.adminDigests = adminDigests.stream().map(HexFormat.of()::parseHex).toList();
    this.broadcast = broadcast;
  }

  /**
   * The principal of a presented key, or null for an unknown, expired or deleted one. Cached: the
   * database is asked once per key and replica, then only after a deletion or a bus outage.
   */
  public Future<Principal> authenticate(String key) {
    if (key == null || key.isEmpty()) {
      return Future.succeededFuture(null);
    }
    byte[] hash = KeyTokens.sha256(key);
    Principal configured = configuredAdmin(hash);
    if (configured != null) {
      return Future.succeededFuture(configured);
    }
    Principal cached = cache.get(hash);
    if (cached != null) {
      return Future.succeededFuture(live(cached));
    }
    long generation = cache.generation();
    return store.byHash(hash).map(match -> {
      // the lookup was by digest; the constant-time comparison is what decides
      Principal found = match == null || !MessageDigest.isEqual(match.hash(), hash) ? KeyCache.UNKNOWN
          : new Principal(match.id(), match.userId(), match.write(), match.expiresAt(), "key:" + match.id());
      cache.put(hash, found, generation);
      return live(found);
    });
  }

  private Principal configuredAdmin(byte[] hash) {
    boolean match = false;
    for (byte[] digest : adminDigests) {
      match |= MessageDigest.isEqual(digest, hash); // no early exit: constant time over the list
    }
    return match ? Principal.configuredAdmin(HexFormat.of().formatHex(hash)) : null;
  }

  private Principal live(Principal principal) {
    LocalDateTime now = Timestamps.now();
    if (principal == KeyCache.UNKNOWN || principal.expired(now)) {
      return null;
    }
    usage.used(principal.keyId(), now);
    return principal;
  }

  /**
   * Makes a key. Admins may make any key; a user key only keys of its own user, with at most its
   * own scopes (403 otherwise). The answer is the only place the key appears.
   */
  public Future<ApiKey.Created> create(Principal actor, NewKey request) {
    Long userId = request.userIdGiven() ? request.userId() : actor.owner();
    if (!request.userIdGiven() && actor.admin()) {
      throw Failure.validation("user_id", "is required (null for an admin key)");
    }
    if (!actor.admin() && (userId == null || !userId.equals(actor.owner()) || request.write() && !actor.write())) {
      throw Failure.forbidden();
    }
    String key = KeyTokens.generate();
    String[] scopes = request.write() ? new String[] {Principal.READ, Principal.WRITE} : new String[] {Principal.READ};
    return store.insert(request.name(), userId, scopes, key, request.expiresAt())
        .map(stored -> ApiKey.Created.of(stored, key));
  }

  public ListQuery list(Principal actor) {
    return store.list(actor.owner());
  }

  public Future<ApiKey> find(Principal actor, long id) {
    return store.find(id, actor.owner());
  }

  /** False when there was no such key (for this caller); on true, no replica accepts the key any more. */
  public Future<Boolean> delete(Principal actor, long id) {
    return store.delete(id, actor.owner()).compose(deleted -> {
      if (!deleted) {
        return Future.succeededFuture(false);
      }
      return forget(List.of(KeyCache.KEY_ENTRY + id)).map(true);
    });
  }

  /** After a user is deleted (their keys went with the row): no replica accepts those keys any more. */
  public Future<Void> userDeleted(long userId) {
    return forget(List.of(KeyCache.USER_ENTRY + userId));
  }

  private Future<Void> forget(List<String> entries) {
    entries.forEach(cache::invalidate);
    return broadcast.apply(entries);
  }

  /** Whether some admin key exists: an {@code API_KEYS} digest or a stored key without a user. */
  public Future<Boolean> adminKeyExists() {
    return adminDigests.isEmpty() ? store.adminKeyExists() : Future.succeededFuture(true);
  }
}
