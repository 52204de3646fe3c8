package dev.shortener.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @Test
  void formatsLikePythonIsoformat() {
    assertEquals("2025-09-19T22:25:05", Timestamps.format(LocalDateTime.of(2025, 9, 19, 22, 25, 5)));
    assertEquals("2026-04-03T12:00:00.482913", Timestamps.format(LocalDateTime.of(2026, 4, 3, 12, 0, 0, 482_913_000)));
    assertEquals("2026-04-03T12:00:00.000001", Timestamps.format(LocalDateTime.of(2026, 4, 3, 12, 0, 0, 1_000)));
    // sub-microsecond parts are below the database's precision and never printed
    assertEquals("2026-04-03T12:00:00", Timestamps.format(LocalDateTime.of(2026, 4, 3, 12, 0, 0, 999)));
  }

  @Test
  void parsesBothInputForms() {
    LocalDateTime expected = LocalDateTime.of(2025, 9, 19, 22, 25, 5);
    assertEquals(Optional.of(expected), Timestamps.parse("2025-09-19 22:25:05"));
    assertEquals(Optional.of(expected), Timestamps.parse("2025-09-19T22:25:05"));
    assertEquals(Optional.of(expected.withNano(482_913_000)), Timestamps.parse("2025-09-19T22:25:05.482913"));
  }

  @Test
  void convertsOffsetsToUtc() {
    assertEquals(Optional.of(LocalDateTime.of(2025, 9, 19, 20, 25, 5)), Timestamps.parse("2025-09-19T22:25:05+02:00"));
    assertEquals(Optional.of(LocalDateTime.of(2025, 9, 19, 22, 25, 5)), Timestamps.parse("2025-09-19T22:25:05Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2025-09-19", "2025-13-01 00:00:00", "2025-02-30 00:00:00",
      "2025-09-19 25:00:00", "2025-09-19X22:25:05", "19/09/2025 22:25:05", "2025-09-19T 22:25:05"})
  void rejectsEverythingElse(String input) {
    assertTrue(Timestamps.parse(input).isEmpty(), input);
  }

  @Test
  void nowHasMicrosecondPrecision() {
    assertEquals(0, Timestamps.now().getNano() % 1000);
    // and is UTC: between two readings of the system clock taken around it
    java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    java.time.Instant now = Timestamps.now().toInstant(java.time.ZoneOffset.UTC);
    java.time.Instant after = java.time.Instant.now();
    org.junit.jupiter.api.Assertions.assertFalse(now.isBefore(before) || now.isAfter(after), before + " " + now + " " + after);
  }
}
