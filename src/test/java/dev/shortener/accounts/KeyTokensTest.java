package dev.shortener.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyTokensTest {
  @Test
  void keysCarry32RandomBytesInUrlSafeText() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = KeyTokens.generate();
      assertTrue(key.matches("[A-Za-z0-9_-]{43}"), key); // 32 bytes, Base64url without padding
      assertTrue(seen.add(key));
      assertEquals(key.substring(0, 8), KeyTokens.prefix(key));
    }
  }

  @Test
  void theStoredHashIsSha256OfTheKeysText() {
    assertEquals("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b",
        java.util.HexFormat.of().formatHex(KeyTokens.sha256("secret")));
  }
}
