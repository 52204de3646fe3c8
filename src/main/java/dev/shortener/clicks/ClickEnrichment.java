package dev.shortener.clicks;

import dev.shortener.analytics.ClientTraits;
import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.Referrers;
import dev.shortener.analytics.UserAgents;
import dev.shortener.analytics.Visitors;
import java.util.ArrayList;
import java.util.List;

/**
 * What a replica's click writers share to enrich clicks: the replica's one user-agent parser and cache
 * and one GeoIP reader (the redirect of links with rules uses the same two). CPU work: run it on a
 * worker thread, never on an event loop.
 */
public final class ClickEnrichment {
  /**
   * Full parses of new user agents per batch; the rest of a batch's new agents get the pattern-only
   * verdict. An uncached ua-parser parse costs hundreds of microseconds (it tries its regexes in
   * turn), so a flood of distinct agents could otherwise make the writer fall behind and drop clicks.
   */
  static final int MAX_PARSES_PER_BATCH = 256;

  private final UserAgents userAgents;
  private final GeoIp geoIp;

  ClickEnrichment(UserAgents userAgents, GeoIp geoIp) {
    this.userAgents = userAgents;
    this.geoIp = geoIp;
  }

  public static ClickEnrichment create(UserAgents userAgents, GeoIp geoIp) {
    return new ClickEnrichment(userAgents, geoIp);
  }

  List<EnrichedClick> enrich(List<Click> clicks, Visitors visitors) {
    List<EnrichedClick> enriched = new ArrayList<>(clicks.size());
    int parses = 0;
    for (Click click : clicks) {
      ClientTraits traits = userAgents.cached(click.userAgent());
      if (traits == null) {
        traits = parses++ < MAX_PARSES_PER_BATCH ? userAgents.parse(click.userAgent()) : userAgents.quick(click.userAgent());
      }
      enriched.add(new EnrichedClick(click, Referrers.referrerHost(click.referrer()),
          traits, geoIp.country(click.clientAddress()),
          visitors.id(click.at().toLocalDate(), click.clientAddress(), click.userAgent())));
    }
    return enriched;
  }

  /**
   * Clicks recorded without a client address (part-1 redirect events, backfilled): the user agent and
   * referrer as for live clicks, every agent fully parsed; no country, no visitor id.
   */
  List<EnrichedClick> enrichWithoutClient(List<Click> clicks) {
    List<EnrichedClick> enriched = new ArrayList<>(clicks.size());
    for (Click click : clicks) {
      enriched.add(new EnrichedClick(click, Referrers.referrerHost(click.referrer()),
          userAgents.parse(click.userAgent()), null, null));
    }
    return enriched;
  }

  public void close() {
    geoIp.close();
  }
}
