package dev.shortener.clicks;

import dev.shortener.analytics.ClientTraits;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of enriched clicks counted the way the rollup tables keep them. Every map but
 * {@code visitors} iterates in key order, the order of the rollup tables' primary keys; the visitors
 * a writer sends are put in that order by {@link #sortVisitors} once the known ones are left out.
 * Concurrent writers then take row locks in one order and can wait for each other but never deadlock.
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

  /** The rollup tables' primary key orders. */
  private static final Comparator<Hour> HOUR_ORDER = (a, b) -> {
    int c = Long.compare(a.urlId(), b.urlId());
    return c != 0 ? c : a.hour().compareTo(b.hour());
  };
  private static final Comparator<Dimension> DIMENSION_ORDER = (a, b) -> {
    int c = Long.compare(a.urlId(), b.urlId());
    if (c == 0) {
      c = a.hour().compareTo(b.hour());
    }
    if (c == 0) {
      c = Short.compare(a.code(), b.code());
    }
    return c != 0 ? c : a.value().compareTo(b.value());
  };
  static final Comparator<Visitor> VISITOR_ORDER = (a, b) -> {
    int c = Long.compare(a.urlId(), b.urlId());
    if (c == 0) {
      c = a.day().compareTo(b.day());
    }
    return c != 0 ? c : Long.compare(a.visitor(), b.visitor());
  };

  /**
   * Counted in hash maps (a click costs one hash look-up, not a walk down a tree with a composite
   * comparator), each map then sorted once by key; consecutive clicks of one hour share its key.
   */
  static ClickRollups of(List<EnrichedClick> clicks) {
    // sized for a batch spread over as many links as it has clicks, each with its own five dimension
    // values: no rehashing on the way (a map's table is only allocated at its first entry)
    int capacity = (int) (clicks.size() / 0.75f) + 1;
    Map<Hour, long[]> hourly = new HashMap<>(capacity);
    Map<Dimension, Long> dimensions = new HashMap<>(capacity * DIMENSIONS.size());
    Map<Dimension, Long> daily = new HashMap<>(capacity * DIMENSIONS.size());
    Map<Visitor, LocalDateTime> visitors = new HashMap<>(capacity);
    LocalDateTime lastAt = null;
    LocalDateTime hour = null;
    LocalDateTime day = null;
    for (EnrichedClick e : clicks) {
      long url = e.click().urlId();
      LocalDateTime at = e.click().at();
      if (lastAt == null || at.getHour() != lastAt.getHour() || !at.toLocalDate().equals(lastAt.toLocalDate())) {
        hour = at.truncatedTo(ChronoUnit.HOURS);
        day = hour.truncatedTo(ChronoUnit.DAYS);
      }
      lastAt = at;
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
          daily.merge(new Dimension(url, day, (short) (d + 1), value), 1L, Long::sum);
        }
      }
      if (e.visitor() != null) { // a backfilled click has none: it counts for no visitor
        visitors.merge(new Visitor(url, hour.toLocalDate(), Long.parseUnsignedLong(e.visitor(), 16)), hour,
            (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return new ClickRollups(sorted(hourly, HOUR_ORDER), sorted(dimensions, DIMENSION_ORDER),
        sorted(daily, DIMENSION_ORDER), visitors);
  }

  /** Puts visitors in {@code click_visitors}' key order, for its statement; returns the list. */
  static List<Map.Entry<Visitor, LocalDateTime>> sortVisitors(List<Map.Entry<Visitor, LocalDateTime>> visitors) {
    visitors.sort(Map.Entry.comparingByKey(VISITOR_ORDER));
    return visitors;
  }

  /** The map's entries in key order (iteration order of the result; it is not looked up by key). */
  private static <K, V> Map<K, V> sorted(Map<K, V> counted, Comparator<K> order) {
    if (counted.size() < 2) {
      return counted;
    }
    List<Map.Entry<K, V>> entries = new ArrayList<>(counted.entrySet());
    entries.sort(Map.Entry.comparingByKey(order));
    Map<K, V> sorted = new LinkedHashMap<>((int) (entries.size() / 0.75f) + 1);
    for (Map.Entry<K, V> entry : entries) {
      sorted.put(entry.getKey(), entry.getValue());
    }
    return sorted;
  }

  private static String truncate(String value) {
    return value.length() <= VALUE_MAX ? value : value.substring(0, VALUE_MAX);
  }
}
