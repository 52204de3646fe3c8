package dev.shortener.urls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.validation.ShortCodeRule;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortCodesTest {

  @Test
  void sixBase62CharactersNeverReserved() {
    Set<String> seen = new HashSet<>();
    Set<Character> alphabet = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String code = ShortCodes.next();
      assertEquals(6, code.length());
      assertTrue(code.matches("[0-9A-Za-z]{6}"), code);
      assertFalse(ShortCodeRule.isReserved(code));
      seen.add(code);
      code.chars().forEach(c -> alphabet.add((char) c));
    }
    // 20k draws from 5.7e10 values: a repeat would mean a broken generator
    assertEquals(20_000, seen.size());
    assertEquals(62, alphabet.size());
  }
}
