package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.analytics.ClientTraits;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The counting pass of the click writer: the counts equal a click-by-click recount, and every map
 * iterates in its table's primary-key order (the lock order that keeps concurrent writers from
 * deadlocking; the visitors once sorted for their statement), whatever order the clicks came in.
 */
class ClickRollupsTest {
  private static final ClientTraits BOT = new ClientTraits("Other", "Other", ClientTraits.BOT, true);
  private static final ClientTraits HUMAN = new ClientTraits("Firefox", "Linux", ClientTraits.DESKTOP, false);

  @Test
  void countsEqualARecountAndIterateInKeyOrder() {
    Random random = new Random(3);
    // around midnight: two days, several hours, clicks out of order (two event loops feed one queue)
    LocalDateTime start = LocalDateTime.of(2026, 11, 27, 22, 58, 0);
    List<EnrichedClick> clicks = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      long url = 1 + random.nextInt(40);
      LocalDateTime at = start.plusSeconds(random.nextInt(3 * 3600));
      Click click = new Click(url, 1, "c" + url, null, null, at, null);
      boolean bot = random.nextInt(4) == 0;
      String visitor = random.nextInt(10) == 0 ? null : Long.toHexString(0x1000_0000_0000_0000L + random.nextInt(50));
      clicks.add(new EnrichedClick(click, random.nextBoolean() ? null : "ref" + random.nextInt(3) + ".example",
          bot ? BOT : HUMAN, random.nextBoolean() ? "DE" : null, visitor));
    }
    Collections.shuffle(clicks, random);

    ClickRollups rollups = ClickRollups.of(clicks);

    Map<ClickRollups.Hour, long[]> hourly = new HashMap<>();
    Map<ClickRollups.Dimension, Long> dimensions = new HashMap<>();
    Map<ClickRollups.Dimension, Long> daily = new HashMap<>();
    Map<ClickRollups.Visitor, LocalDateTime> visitors = new HashMap<>();
    for (EnrichedClick e : clicks) {
      LocalDateTime hour = e.click().at().truncatedTo(ChronoUnit.HOURS);
      long[] counts = hourly.computeIfAbsent(new ClickRollups.Hour(e.click().urlId(), hour), h -> new long[3]);
      counts[ClickRollups.CLICKS]++;
      counts[e.traits().bot() ? ClickRollups.BOTS : ClickRollups.HUMANS]++;
      if (!e.traits().bot()) {
        String[] values = {e.referrerHost() == null ? ClickRollups.DIRECT : e.referrerHost(),
            e.country() == null ? ClickRollups.UNKNOWN : e.country(), "Firefox", "Linux", ClientTraits.DESKTOP};
        for (int d = 0; d < values.length; d++) {
          dimensions.merge(new ClickRollups.Dimension(e.click().urlId(), hour, (short) (d + 1), values[d]), 1L, Long::sum);
          daily.merge(new ClickRollups.Dimension(e.click().urlId(), hour.truncatedTo(ChronoUnit.DAYS), (short) (d + 1),
              values[d]), 1L, Long::sum);
        }
      }
      if (e.visitor() != null) {
        visitors.merge(new ClickRollups.Visitor(e.click().urlId(), hour.toLocalDate(),
            Long.parseUnsignedLong(e.visitor(), 16)), hour, (a, b) -> a.isBefore(b) ? a : b);
      }
    }

    assertEquals(hourly.keySet(), rollups.hourly().keySet());
    hourly.forEach((key, counts) -> assertEquals(List.of(counts[0], counts[1], counts[2]),
        List.of(rollups.hourly().get(key)[0], rollups.hourly().get(key)[1], rollups.hourly().get(key)[2]), key::toString));
    assertEquals(dimensions, rollups.dimensions());
    assertEquals(daily, rollups.dailyDimensions());
    assertEquals(visitors, rollups.visitors());
    assertTrue(rollups.hourly().size() > 40 * 2, "the batch spans hours");

    assertInOrder(rollups.hourly().keySet(), Comparator.comparingLong(ClickRollups.Hour::urlId)
        .thenComparing(ClickRollups.Hour::hour));
    Comparator<ClickRollups.Dimension> dimensionOrder = Comparator.comparingLong(ClickRollups.Dimension::urlId)
        .thenComparing(ClickRollups.Dimension::hour).thenComparingInt(ClickRollups.Dimension::code)
        .thenComparing(ClickRollups.Dimension::value);
    assertInOrder(rollups.dimensions().keySet(), dimensionOrder);
    assertInOrder(rollups.dailyDimensions().keySet(), dimensionOrder);
    // the visitors are put in order for their statement, after the known ones are left out
    assertInOrder(ClickRollups.sortVisitors(new ArrayList<>(rollups.visitors().entrySet())).stream().map(Map.Entry::getKey).toList(),
        Comparator.comparingLong(ClickRollups.Visitor::urlId).thenComparing(ClickRollups.Visitor::day)
            .thenComparingLong(ClickRollups.Visitor::visitor));
  }

  private static <K> void assertInOrder(Iterable<K> keys, Comparator<K> order) {
    K previous = null;
    for (K key : keys) {
      assertTrue(previous == null || order.compare(previous, key) < 0, () -> "out of order: " + key);
      previous = key;
    }
  }
}
