package dev.shortener.validation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The one place timestamps are formatted and parsed. Output follows Python's {@code isoformat()}:
 * UTC, no zone suffix, six fraction digits only when there is a sub-second part.
 */
public final class Timestamps {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  /** {@code 2025-09-19 22:25:05} or {@code 2025-09-19T22:25:05}, optional fraction, optional offset. */
  private static final DateTimeFormatter INPUT = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd")
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .toFormatter()
      .withResolverStyle(java.time.format.ResolverStyle.STRICT)
      .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private Timestamps() {}

  public static String format(LocalDateTime time) {
    return time.getNano() / 1000 == 0 ? SECONDS.format(time) : MICROS.format(time);
  }

  /**
   * Now, in UTC, at the database's precision. Read once per redirect: straight from the instant,
   * because {@code LocalDateTime.now(ZoneOffset.UTC)} builds a clock and the offset's zone rules on
   * every call (about 130 bytes of garbage per request in the allocation profile).
   */
  public static LocalDateTime now() {
    Instant now = Instant.now();
    return LocalDateTime.ofEpochSecond(now.getEpochSecond(), now.getNano() / 1000 * 1000, ZoneOffset.UTC);
  }

  /** Parses an input timestamp into UTC; empty when it is not one of the accepted forms. */
  public static Optional<LocalDateTime> parse(String text) {
    String s = text.trim();
    int t = s.indexOf('T');
    int space = s.indexOf(' ');
    if (s.length() < 19 || (t != 10 && space != 10) || (t == 10 && space >= 0)) {
      return Optional.empty();
    }
    try {
      var parsed = INPUT.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
      LocalDateTime utc = parsed instanceof OffsetDateTime odt
          ? odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
          : (LocalDateTime) parsed;
      return Optional.of(utc.truncatedTo(ChronoUnit.MICROS));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
