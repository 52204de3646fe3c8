package dev.shortener.accounts;

import dev.shortener.errors.Failure;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Who is calling the API, resolved once per request from its key. An admin (an {@code API_KEYS}
 * digest, a stored key without a user, or anyone in open mode) sees everything; a user key sees
 * only its user's rows: stores take {@link #owner()} as a filter, null meaning "no filter".
 *
 * @param keyId the stored key's id; null for {@code API_KEYS} digests and open mode
 * @param userId the key's user; null for admins
 * @param write whether the key has the write scope (which implies read)
 * @param expiresAt when the key stops working; null for never
 * @param subject what the rate limit counts against (the key, or the client address in open mode)
 */
public record Principal(Long keyId, Long userId, boolean write, LocalDateTime expiresAt, String subject) {
  public static final String READ = "read";
  public static final String WRITE = "write";

  /** The caller in open mode, counted by client address. */
  public static Principal open(String clientAddress) {
    return new Principal(null, null, true, null, "ip:" + clientAddress);
  }

  /** An admin key from {@code API_KEYS}, counted by its digest's first hex digits. */
  static Principal configuredAdmin(String digestHex) {
    return new Principal(null, null, true, null, "env:" + digestHex.substring(0, 16));
  }

  /** The command line: an operator on the database itself. */
  public static final Principal OPERATOR = new Principal(null, null, true, null, "cli");

  public boolean admin() {
    return userId == null;
  }

  /** The user whose rows this caller may see, or null for all rows. */
  public Long owner() {
    return userId;
  }

  /**
   * The user a write names in its body: whatever an admin says; for a user key its own user when the
   * body names none, and 403 when it names another.
   */
  public Long userFor(Long requested) {
    if (admin()) {
      return requested;
    }
    if (requested != null && !requested.equals(userId)) {
      throw Failure.forbidden();
    }
    return userId;
  }

  public List<String> scopes() {
    return write ? List.of(READ, WRITE) : List.of(READ);
  }

  public boolean expired(LocalDateTime now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
