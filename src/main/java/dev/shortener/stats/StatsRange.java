package dev.shortener.stats;

import dev.shortener.errors.Failure;
import dev.shortener.validation.Timestamps;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The time range of a stats call: buckets of one interval (UTC, weeks from Monday, as PostgreSQL's
 * date_trunc), the first holding {@code from}, the last holding the moment just before {@code to}.
 * Counting covers [first bucket's start, to).
 */
record StatsRange(LocalDateTime from, LocalDateTime to, Interval interval, List<LocalDateTime> buckets) {
  static final int MAX_BUCKETS = 1000;
  static final int DEFAULT_DAYS = 30;

  enum Interval {
    HOUR, DAY, WEEK, MONTH;

    /** The name date_trunc takes. */
    String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    LocalDateTime truncate(LocalDateTime t) {
      return switch (this) {
        case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
        case DAY -> t.truncatedTo(ChronoUnit.DAYS);
        case WEEK -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      };
    }

    LocalDateTime next(LocalDateTime start) {
      return switch (this) {
        case HOUR -> start.plusHours(1);
        case DAY -> start.plusDays(1);
        case WEEK -> start.plusWeeks(1);
        case MONTH -> start.plusMonths(1);
      };
    }
  }

  /**
   * From the query's {@code from}, {@code to} and {@code interval}: by default the last 30 days
   * (today included) by day; a bad value of any of them, {@code from} not before {@code to}, or more
   * than 1,000 buckets is a 400 naming the parameter.
   */
  static StatsRange parse(String fromText, String toText, String intervalText, LocalDateTime now) {
    Map<String, String> errors = new LinkedHashMap<>();
    LocalDateTime to = toText == null ? now : timestamp(toText, "to", errors);
    LocalDateTime from = fromText == null && to != null
        ? to.truncatedTo(ChronoUnit.DAYS).minusDays(DEFAULT_DAYS - 1) : fromText == null ? null : timestamp(fromText, "from", errors);
    Interval interval = Interval.DAY;
    if (intervalText != null) {
      try {
        interval = Interval.valueOf(intervalText.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.put("interval", "must be one of hour, day, week, month");
      }
    }
    if (errors.isEmpty() && !from.isBefore(to)) {
      errors.put("from", "must be before to");
    }
    if (!errors.isEmpty()) {
      throw Failure.validation(errors);
    }
    List<LocalDateTime> buckets = new ArrayList<>();
    for (LocalDateTime start = interval.truncate(from); start.isBefore(to); start = interval.next(start)) {
      if (buckets.size() == MAX_BUCKETS) {
        throw Failure.validation("interval", "more than " + MAX_BUCKETS
            + " buckets: choose a longer interval or a shorter range");
      }
      buckets.add(start);
    }
    return new StatsRange(buckets.get(0), to, interval, List.copyOf(buckets));
  }

  /** An input timestamp (both forms of the contract) or a plain date (its midnight). */
  private static LocalDateTime timestamp(String text, String field, Map<String, String> errors) {
    var parsed = Timestamps.parse(text);
    if (parsed.isPresent()) {
      return parsed.get();
    }
    try {
      return LocalDate.parse(text.trim()).atStartOfDay();
    } catch (DateTimeParseException e) {
      errors.put(field, "must be a timestamp like 2026-11-01T00:00:00 or a date like 2026-11-01");
      return null;
    }
  }
}
