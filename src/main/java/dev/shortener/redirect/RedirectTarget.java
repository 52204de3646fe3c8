package dev.shortener.redirect;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** What a redirect needs, cached in every tier: target, active flag, expiry and owner (for the click). */
public record RedirectTarget(long urlId, long userId, String location, boolean active, LocalDateTime expiresAt) {
  private static final LocalDateTime EPOCH = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC);

  public boolean expired(LocalDateTime now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }

  /** {@code urlId|userId|1|expiresEpochMicros|location}; the location goes last as it may contain '|'. */
  String encode() {
    String expiry = expiresAt == null ? "" : Long.toString(ChronoUnit.MICROS.between(EPOCH, expiresAt));
    return urlId + "|" + userId + "|" + (active ? '1' : '0') + "|" + expiry + "|" + location;
  }

  /**
   * The entry, or null when {@code value} is not one this service wrote: Redis is shared, and what
   * comes back from it goes straight into a {@code Location} header, so anything but a well-formed
   * entry with an http(s) target of at most {@link #MAX_LOCATION} visible ASCII characters (no CR,
   * LF or other control character: no header injection) is refused and the database asked instead.
   */
  static RedirectTarget decode(String value) {
    String[] parts = value.split("\\|", 5);
    if (parts.length != 5 || !(parts[2].equals("1") || parts[2].equals("0")) || !safeLocation(parts[4])) {
      return null;
    }
    try {
      LocalDateTime expiresAt = parts[3].isEmpty() ? null : EPOCH.plus(Long.parseLong(parts[3]), ChronoUnit.MICROS);
      return new RedirectTarget(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[4], parts[2].equals("1"),
          expiresAt);
    } catch (RuntimeException e) { // NumberFormatException, DateTimeException
      return null;
    }
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
