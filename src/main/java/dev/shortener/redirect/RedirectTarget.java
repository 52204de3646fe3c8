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

  static RedirectTarget decode(String value) {
    String[] parts = value.split("\\|", 5);
    if (parts.length != 5) {
      throw new IllegalArgumentException("not a cached redirect target");
    }
    LocalDateTime expiresAt = parts[3].isEmpty() ? null : EPOCH.plus(Long.parseLong(parts[3]), ChronoUnit.MICROS);
    return new RedirectTarget(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[4], parts[2].equals("1"),
        expiresAt);
  }
}
