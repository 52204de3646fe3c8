package dev.shortener.analytics;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Visitor ids: HMAC-SHA256 of client address + user agent under a secret of the UTC day, cut to 64
 * bits (16 hex digits). The same client on the same day gets the same id; the next day, with a new
 * secret, a different one, and once a day's secret is gone nobody, us included, can tell which
 * address an id was (the address space is small enough to try every address against a known key).
 * Only the id is ever stored.
 */
public final class Visitors {
  /** Where a day's secret comes from: every replica must get the same one for the same day. */
  @FunctionalInterface
  public interface Secrets {
    byte[] forDay(LocalDate day);
  }

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final int SECRET_BYTES = 32;

  private final Secrets secrets;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(Visitors::newMac);

  private Visitors(Secrets secrets) {
    this.secrets = secrets;
  }

  public static Visitors create(Secrets secrets) {
    return new Visitors(secrets);
  }

  /** Random secrets held in this process only (one replica, tests); yesterday's and older are forgotten. */
  public static Visitors inMemory() {
    Map<LocalDate, byte[]> byDay = new ConcurrentHashMap<>();
    return new Visitors(day -> {
      byDay.keySet().removeIf(d -> d.isBefore(day.minusDays(1)));
      return byDay.computeIfAbsent(day, d -> newSecret());
    });
  }

  /** A fresh random day secret. */
  public static byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  /** The visitor id of this client on {@code day} (UTC); a missing address or agent counts as empty. */
  public String id(LocalDate day, String address, String userAgent) {
    Mac mac = macs.get();
    try {
      mac.init(new SecretKeySpec(secrets.forDay(day), ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC key refused", e);
    }
    mac.update(bytes(address));
    mac.update((byte) 0); // neither part can run into the other
    byte[] digest = mac.doFinal(bytes(userAgent));
    return HEX.formatHex(digest, 0, 8);
  }

  private static byte[] bytes(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " missing from the JDK", e);
    }
  }
}
