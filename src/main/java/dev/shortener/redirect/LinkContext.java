package dev.shortener.redirect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.UserAgents;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the redirect of a link with options needs, once per replica: the shared user-agent parser and
 * GeoIP database (the ones analytics uses), and the per-replica count of wrong passwords that stands
 * in for Redis's while Redis is down.
 */
public final class LinkContext {
  private final UserAgents userAgents;
  private final GeoIp geoIp;
  private final Cache<String, AtomicInteger> localFailures;

  private LinkContext(UserAgents userAgents, GeoIp geoIp, Duration failureWindow) {
    this.userAgents = userAgents;
    this.geoIp = geoIp;
    this.localFailures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(failureWindow).build();
  }

  /** With the replica's one parser and GeoIP reader, which the click writers use too. */
  public static LinkContext create(UserAgents userAgents, GeoIp geoIp) {
    return new LinkContext(userAgents, geoIp, PasswordAttempts.WINDOW);
  }

  UserAgents userAgents() {
    return userAgents;
  }

  GeoIp geoIp() {
    return geoIp;
  }

  /** The counter of wrong passwords for {@code key} on this replica; its window starts with the first. */
  AtomicInteger localFailures(String key) {
    return localFailures.get(key, k -> new AtomicInteger());
  }

  int localFailureCount(String key) {
    AtomicInteger count = localFailures.getIfPresent(key);
    return count == null ? 0 : count.get();
  }
}
