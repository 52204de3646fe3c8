package dev.shortener.redirect;

import dev.shortener.analytics.ClientTraits;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.LocalDateTime;

/**
 * One request to a link with options, as its checks see it; what costs something (user-agent parsing,
 * the GeoIP lookup) is computed once, on first use.
 */
final class Visit {
  private final HttpServerRequest request;
  private final LocalDateTime now;
  private final LinkContext context;
  private final String clientAddress;
  private ClientTraits traits;
  private String country;
  private boolean countryKnown;

  Visit(HttpServerRequest request, LocalDateTime now, LinkContext context, String clientAddress) {
    this.request = request;
    this.now = now;
    this.context = context;
    this.clientAddress = clientAddress;
  }

  HttpServerRequest request() {
    return request;
  }

  LocalDateTime now() {
    return now;
  }

  ClientTraits traits() {
    if (traits == null) {
      traits = context.userAgents().parse(request.getHeader(HttpHeaders.USER_AGENT));
    }
    return traits;
  }

  /** ISO country of the client address, or null (no database, unknown address). */
  String country() {
    if (!countryKnown) {
      country = context.geoIp().country(clientAddress);
      countryKnown = true;
    }
    return country;
  }
}
