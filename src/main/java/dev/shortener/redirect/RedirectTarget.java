package dev.shortener.redirect;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What a redirect needs, cached in every tier: target, active flag, expiry, owner (for the click), the
 * link's own redirect status (0: the configured default) and its options. A link without options
 * ({@code options == null}) is plain: only plain links take the fast lane.
 */
public record RedirectTarget(long urlId, long userId, String location, boolean active, LocalDateTime expiresAt,
    int status, LinkOptions options) {
  private static final LocalDateTime EPOCH = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC);
  /** Marks the encoding with status and options; entries without it (older replicas) are plain links. */
  private static final String V2 = "o|";

  /** A plain link with the default status. */
  public RedirectTarget(long urlId, long userId, String location, boolean active, LocalDateTime expiresAt) {
    this(urlId, userId, location, active, expiresAt, 0, null);
  }

  public boolean expired(LocalDateTime now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }

  /**
   * {@code o|urlId|userId|1|expiresEpochMicros|status|options|location}; the options and the location
   * go last as they may contain '|' (the options' length says where they end).
   */
  String encode() {
    String expiry = expiresAt == null ? "" : Long.toString(ChronoUnit.MICROS.between(EPOCH, expiresAt));
    String opts = options == null ? "" : options.encode();
    return V2 + urlId + "|" + userId + "|" + (active ? '1' : '0') + "|" + expiry + "|" + status + "|"
        + opts.length() + "|" + opts + location;
  }

  static RedirectTarget decode(String value) {
    if (!value.startsWith(V2)) {
      String[] parts = value.split("\\|", 5);
      if (parts.length != 5) {
        throw new IllegalArgumentException("not a cached redirect target");
      }
      return new RedirectTarget(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[4], parts[2].equals("1"),
          expiry(parts[3]));
    }
    String[] parts = value.substring(V2.length()).split("\\|", 7);
    if (parts.length != 7) {
      throw new IllegalArgumentException("not a cached redirect target");
    }
    int optionsLength = Integer.parseInt(parts[5]);
    String rest = parts[6];
    LinkOptions options = optionsLength == 0 ? null : LinkOptions.decode(rest.substring(0, optionsLength));
    return new RedirectTarget(Long.parseLong(parts[0]), Long.parseLong(parts[1]), rest.substring(optionsLength),
        parts[2].equals("1"), expiry(parts[3]), Integer.parseInt(parts[4]), options);
  }

  private static LocalDateTime expiry(String micros) {
    return micros.isEmpty() ? null : EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
  }
}
