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

  /**
   * The entry, or null when {@code value} is not one this service wrote: Redis is shared, and what
   * comes back from it goes straight into a {@code Location} header, so anything but a well-formed
   * entry with an http(s) target of at most {@link #MAX_LOCATION} visible ASCII characters (no CR,
   * LF or other control character: no header injection) is refused and the database asked instead.
   */
  static RedirectTarget decode(String value) {
    try {
      RedirectTarget target;
      if (!value.startsWith(V2)) {
        String[] parts = value.split("\\|", 5);
        if (parts.length != 5 || !flag(parts[2])) {
          return null;
        }
        target = new RedirectTarget(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[4], parts[2].equals("1"),
            expiry(parts[3]));
      } else {
        String[] parts = value.substring(V2.length()).split("\\|", 7);
        if (parts.length != 7 || !flag(parts[2])) {
          return null;
        }
        int optionsLength = Integer.parseInt(parts[5]);
        String rest = parts[6];
        LinkOptions options = optionsLength == 0 ? null : LinkOptions.decode(rest.substring(0, optionsLength));
        target = new RedirectTarget(Long.parseLong(parts[0]), Long.parseLong(parts[1]), rest.substring(optionsLength),
            parts[2].equals("1"), expiry(parts[3]), Integer.parseInt(parts[4]), options);
      }
      return safeLocation(target.location()) ? target : null;
    } catch (RuntimeException e) { // NumberFormatException, DateTimeException, IndexOutOfBounds, bad options
      return null;
    }
  }

  private static boolean flag(String part) {
    return part.equals("1") || part.equals("0");
  }

  private static LocalDateTime expiry(String micros) {
    return micros.isEmpty() ? null : EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
  }

  /** The header form of a target (TargetUrls.MAX_LENGTH bytes at most). */
  static final int MAX_LOCATION = 2048;

  private static boolean safeLocation(String location) {
    if (location.length() > MAX_LOCATION || !(location.startsWith("https://") || location.startsWith("http://"))) {
      return false;
    }
    for (int i = 0; i < location.length(); i++) {
      char c = location.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
