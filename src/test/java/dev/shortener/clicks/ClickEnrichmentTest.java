package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.UserAgents;
import dev.shortener.analytics.Visitors;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch parses at most MAX_PARSES_PER_BATCH new user agents fully; the rest get the pattern verdict. */
class ClickEnrichmentTest {
  @Test
  void boundsFullParsesPerBatch() {
    ClickEnrichment enrichment = new ClickEnrichment(UserAgents.create(10_000), GeoIp.open(null));
    List<Click> clicks = new ArrayList<>();
    LocalDateTime at = LocalDateTime.of(2026, 11, 27, 12, 0);
    int n = ClickEnrichment.MAX_PARSES_PER_BATCH + 10;
    for (int i = 0; i < n; i++) {
      clicks.add(new Click(1, 1, "abc", "https://t.co/x", "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0." + i, at, "192.0.2.1"));
    }
    clicks.add(new Click(1, 1, "abc", null, "curl/8." + n, at, "192.0.2.1"));
    List<EnrichedClick> enriched = enrichment.enrich(clicks, Visitors.inMemory());
    long parsed = enriched.stream().filter(e -> e.traits().browser() != null).count();
    assertEquals(ClickEnrichment.MAX_PARSES_PER_BATCH, parsed);
    EnrichedClick last = enriched.get(n);
    assertEquals(true, last.traits().bot(), "the pattern verdict still tells bots");
    assertEquals("t.co", enriched.get(0).referrerHost());
    // the next batch finds the first ones cached and parses the rest
    long second = enrichment.enrich(clicks, Visitors.inMemory()).stream().filter(e -> e.traits().browser() != null).count();
    assertEquals(n + 1, second);
  }
}
