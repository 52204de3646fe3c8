package dev.shortener.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Making and hashing keys: 32 random bytes, URL-safe Base64 without padding (43 characters). */
public final class KeyTokens {
  static final int RANDOM_BYTES = 32;
  static final int PREFIX_LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyTokens() {}

  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String prefix(String key) {
    return key.substring(0, PREFIX_LENGTH);
  }

  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
