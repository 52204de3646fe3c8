package dev.shortener.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class VisitorsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 27);
  private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0.0.0";

  @Test
  void stableWithinADayDifferentAcrossDaysAndAgents() {
    Visitors visitors = Visitors.inMemory();
    String id = visitors.id(DAY, "203.0.113.7", CHROME);
    assertTrue(id.matches("[0-9a-f]{16}"), id);
    assertEquals(id, visitors.id(DAY, "203.0.113.7", CHROME));
    assertNotEquals(id, visitors.id(DAY.plusDays(1), "203.0.113.7", CHROME));
    assertNotEquals(id, visitors.id(DAY, "203.0.113.7", CHROME + " Edg/131"));
    assertNotEquals(id, visitors.id(DAY, "203.0.113.8", CHROME));
    assertNotEquals(visitors.id(DAY, "1.2.3.4", "5"), visitors.id(DAY, "1.2.3.45", ""));
  }

  @Test
  void sameSecretsSameIdsOnEveryReplica() {
    byte[] secret = Visitors.newSecret();
    Visitors a = Visitors.create(day -> secret);
    Visitors b = Visitors.create(day -> secret);
    assertEquals(a.id(DAY, "198.51.100.1", CHROME), b.id(DAY, "198.51.100.1", CHROME));
    assertEquals(a.id(DAY, null, null), b.id(DAY, "", ""));
  }

  @Test
  void rawAddressIsNotInTheId() {
    Visitors visitors = Visitors.inMemory();
    assertTrue(!visitors.id(DAY, "10.0.0.1", CHROME).contains("10.0.0.1"));
  }
}
