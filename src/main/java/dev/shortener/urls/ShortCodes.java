package dev.shortener.urls;

import dev.shortener.validation.ShortCodeRule;
import java.security.SecureRandom;

/** Random 6-character Base62 codes from a CSPRNG: 62^6 ≈ 5.7e10 values, so collisions are rare and retried. */
public final class ShortCodes {
  public static final int LENGTH = 6;
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ShortCodes() {}

  public static String next() {
    while (true) {
      char[] code = new char[LENGTH];
      for (int i = 0; i < LENGTH; i++) {
        code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
      }
      String candidate = new String(code);
      if (!ShortCodeRule.isReserved(candidate)) { // "health", "events", "metrics"... belong to the router
        return candidate;
      }
    }
  }
}
