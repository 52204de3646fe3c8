package dev.shortener.clicks;

import dev.shortener.analytics.ClientTraits;
import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.UserAgents;
import dev.shortener.analytics.Visitors;
import dev.shortener.config.AppConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clicks that come from a file (the original service's {@code redirect} events) rather than from a
 * redirect: enriched by the click writer's {@link ClickEnrichment} and counted into the rollups by
 * {@link ClickRollups} and {@link ClickStore}'s statements, inside the bulk import's JDBC transaction,
 * so imported clicks count in stats exactly like served ones. The original service kept no client
 * address: no country, and the visitor id of an imported click is its user agent's on that day.
 */
public final class ClickImport {
  /** Rollups are added this many clicks at a time, so memory stays flat however long the file. */
  private static final int CHUNK = 1000;

  /** The enrichment of one imported click, as the click log stores it. */
  public record Enriched(String referrerHost, String browser, String os, String device, boolean bot, String visitor) {}

  private final ClickEnrichment enrichment;
  /** One random secret per day for this import: the same agent on the same day is one visitor. */
  private final Map<LocalDate, byte[]> secrets = new ConcurrentHashMap<>();
  private final Visitors visitors = Visitors.create(day -> secrets.computeIfAbsent(day, d -> Visitors.newSecret()));

  private ClickImport(ClickEnrichment enrichment) {
    this.enrichment = enrichment;
  }

  /** An import enriched by {@code enrichment}: the replica's own (its cache warm), or {@link #standalone}'s. */
  public static ClickImport create(ClickEnrichment enrichment) {
    return new ClickImport(enrichment);
  }

  /**
   * An enrichment for a process without a click writer (the shell's import): loads the user-agent
   * parser (a second or two), so call it on the first click. No GeoIP reader: without an address
   * there is no country to look up.
   */
  public static ClickEnrichment standalone(AppConfig.Clicks config) {
    return new ClickEnrichment(UserAgents.create(config.userAgentCache()), GeoIp.open(null));
  }

  public Enriched enrich(LocalDateTime at, String referrer, String userAgent) {
    Click click = new Click(0, 0, "", referrer, userAgent, at, null);
    EnrichedClick e = enrichment.enrich(List.of(click), visitors).get(0);
    ClientTraits traits = e.traits();
    return new Enriched(e.referrerHost(), traits.browser(), traits.os(), traits.device(), traits.bot(), e.visitor());
  }

  /**
   * Adds the rollups of clicks the caller appended to the log in this transaction. {@code moved}
   * selects them as {@code url_id, at, referrer_host, browser, os, device, bot, visitor}; it is read
   * through a cursor, a chunk at a time.
   */
  public void rollUp(Connection conn, String moved) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("DECLARE import_rollups NO SCROLL CURSOR FOR " + moved);
      List<EnrichedClick> chunk = new ArrayList<>(CHUNK);
      do {
        chunk.clear();
        try (ResultSet rs = st.executeQuery("FETCH " + CHUNK + " FROM import_rollups")) {
          while (rs.next()) {
            Click click = new Click(rs.getLong(1), 0, "", null, null, rs.getObject(2, LocalDateTime.class), null);
            ClientTraits traits = new ClientTraits(rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7));
            chunk.add(new EnrichedClick(click, rs.getString(3), traits, null, rs.getString(8)));
          }
        }
        if (!chunk.isEmpty()) {
          ClickStore.rollUp(conn, chunk);
        }
      } while (chunk.size() == CHUNK);
      st.execute("CLOSE import_rollups");
    }
  }
}
