package dev.shortener.clicks;

import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.Referrers;
import dev.shortener.analytics.UserAgents;
import dev.shortener.analytics.Visitors;
import dev.shortener.config.AppConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a replica's click writers share to enrich clicks: one user-agent parser and cache, one GeoIP
 * reader. CPU work: run it on a worker thread, never on an event loop.
 */
public final class ClickEnrichment {
  private final UserAgents userAgents;
  private final GeoIp geoIp;

  ClickEnrichment(UserAgents userAgents, GeoIp geoIp) {
    this.userAgents = userAgents;
    this.geoIp = geoIp;
  }

  public static ClickEnrichment create(AppConfig.Clicks config) {
    return new ClickEnrichment(UserAgents.create(config.userAgentCache()), GeoIp.open(config.geoipDb()));
  }

  List<EnrichedClick> enrich(List<Click> clicks, Visitors visitors) {
    List<EnrichedClick> enriched = new ArrayList<>(clicks.size());
    for (Click click : clicks) {
      enriched.add(new EnrichedClick(click, Referrers.referrerHost(click.referrer()),
          userAgents.parse(click.userAgent()), geoIp.country(click.clientAddress()),
          visitors.id(click.at().toLocalDate(), click.clientAddress(), click.userAgent())));
    }
    return enriched;
  }

  public void close() {
    geoIp.close();
  }
}
