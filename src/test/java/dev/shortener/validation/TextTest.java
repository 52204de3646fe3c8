package dev.shortener.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

  @ParameterizedTest
  @ValueSource(strings = {"a@b.io", "silvertrail15@hackstack.io", "first.last+tag@sub.example.com"})
  void acceptsEmails(String email) {
    assertTrue(Text.isEmail(email));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "a@b", "@b.io", "a@.io", "a b@c.io", "a@b.c", "a@@b.io", "a@b..io"})
  void rejectsEmails(String email) {
    assertFalse(Text.isEmail(email));
  }

  @Test
  void controlCharacters() {
    assertTrue(Text.hasControlCharacters("a\u0000b"));
    assertTrue(Text.hasControlCharacters("tab\t"));
    assertTrue(Text.hasControlCharacters("c1\u0085"));
    assertFalse(Text.hasControlCharacters("Grüße 😀"));
  }

  @Test
  void truncateKeepsSurrogatePairsWhole() {
    assertNull(Text.truncate(null, 3));
    assertEquals("abc", Text.truncate("abc", 3));
    assertEquals("ab", Text.truncate("abcd", 2));
    assertEquals("a", Text.truncate("a😀", 2));
  }
}
