package dev.shortener.clicks;

import dev.shortener.analytics.ClientTraits;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A batch of enriched clicks counted the way the rollup tables keep them. Every map is sorted by its
 * key, the order of the rollup tables' primary keys: concurrent writers then take row locks in one
 * order and can wait for each other but never deadlock.
 */
record ClickRollups(
    Map<Hour, long[]> hourly,
    Map<Dimension, Long> dimensions,
    Map<Dimension, Long> dailyDimensions,
    Map<Visitor, LocalDateTime> visitors) {

  /** The dimensions of click_dimensions, by their stored code. */
  static final List<String> DIMENSIONS = List.of("referrers", "countries", "browsers", "os", "devices");
  static final String DIRECT = "(direct)";
  static final String UNKNOWN = "(unknown)";
  private static final int VALUE_MAX = 255;

  record Hour(long urlId, LocalDateTime hour) {}

  /** {@code code} is 1 + the index in {@link #DIMENSIONS}; {@code hour} is midnight in the daily map. */
  record Dimension(long urlId, LocalDateTime hour, short code, String value) {}

  record Visitor(long urlId, LocalDate day, long visitor) {}

  static final int CLICKS = 0;
  static final int HUMANS = 1;
  static final int BOTS = 2;

  static ClickRollups of(List<EnrichedClick> clicks) {
    Map<Hour, long[]> hourly = new TreeMap<>(Comparator.comparingLong(Hour::urlId).thenComparing(Hour::hour));
    Comparator<Dimension> dimensionOrder = Comparator.comparingLong(Dimension::urlId)
        .thenComparing(Dimension::hour).thenComparingInt(Dimension::code).thenComparing(Dimension::value);
    Map<Dimension, Long> dimensions = new TreeMap<>(dimensionOrder);
    Map<Dimension, Long> daily = new TreeMap<>(dimensionOrder);
    Map<Visitor, LocalDateTime> visitors = new TreeMap<>(Comparator.comparingLong(Visitor::urlId)
        .thenComparing(Visitor::day).thenComparingLong(Visitor::visitor));
    for (EnrichedClick e : clicks) {
      long url = e.click().urlId();
      LocalDateTime hour = e.click().at().truncatedTo(ChronoUnit.HOURS);
      long[] counts = hourly.computeIfAbsent(new Hour(url, hour), h -> new long[3]);
      counts[CLICKS]++;
      ClientTraits traits = e.traits();
      if (traits.bot()) {
        counts[BOTS]++;
      } else {
        counts[HUMANS]++;
        String[] values = {e.referrerHost() == null ? DIRECT : e.referrerHost(), e.country(), traits.browser(),
            traits.os(), traits.device()};
        for (int d = 0; d < values.length; d++) {
          String value = values[d] == null ? UNKNOWN : truncate(values[d]);
          dimensions.merge(new Dimension(url, hour, (short) (d + 1), value), 1L, Long::sum);
          daily.merge(new Dimension(url, hour.truncatedTo(ChronoUnit.DAYS), (short) (d + 1), value), 1L, Long::sum);
        }
      }
      if (e.visitor() != null) { // a backfilled click has none: it counts for no visitor
        visitors.merge(new Visitor(url, hour.toLocalDate(), Long.parseUnsignedLong(e.visitor(), 16)), hour,
            (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return new ClickRollups(hourly, dimensions, daily, visitors);
  }

  private static String truncate(String value) {
    return value.length() <= VALUE_MAX ? value : value.substring(0, VALUE_MAX);
  }
}
