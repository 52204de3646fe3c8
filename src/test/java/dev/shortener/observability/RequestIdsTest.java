package dev.shortener.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void generatedIdsAre32LowerCaseHexDigitsAndDiffer() {
    Set<String> ids = new HashSet<>();
    Set<Character> digits = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = RequestIds.generate();
      assertTrue(id.matches("[0-9a-f]{32}"), id);
      assertTrue(RequestIds.isSane(id));
      ids.add(id);
      id.chars().forEach(c -> digits.add((char) c));
    }
    assertEquals(1000, ids.size());
    assertEquals(16, digits.size(), "every hex digit appears, leading zeros included: " + digits);
  }

  @Test
  void aSaneClientIdIsKeptAndAnythingElseReplaced() {
    assertEquals("abc-123_x.y", RequestIds.sanitize("abc-123_x.y"));
    assertTrue(RequestIds.sanitize("bad id").matches("[0-9a-f]{32}"));
    assertTrue(RequestIds.sanitize(null).matches("[0-9a-f]{32}"));
    assertTrue(RequestIds.sanitize("x".repeat(129)).matches("[0-9a-f]{32}"));
  }
}
