package dev.shortener.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Set;
import java.util.regex.Pattern;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * User-agent parsing with ua-parser's maintained regexes (uap-java), behind a bounded cache: clicks
 * repeat a few thousand distinct user agents, and one uncached parse costs tens of microseconds.
 *
 * <p>Bots are what ua-parser calls a {@code Spider} device (its maintained crawler list), plus the
 * clients it names as browsers but that are no person clicking: link-preview fetchers, uptime
 * monitors, headless browsers and HTTP libraries, matched by {@link #AUTOMATED}. A missing or blank
 * user agent is a bot too: every browser sends one.
 *
 * <p>Thread-safe; parse off the event loop (the click writer does). One instance per replica, shared
 * by the click writers and the redirect of links with rules: an agent parsed by either is a cache hit
 * for the other.
 */
public final class UserAgents {
  /** Link previews, monitors, headless browsers and HTTP client libraries, case-insensitive. */
  private static final Pattern AUTOMATED = Pattern.compile(
      "(?<!cu)bot\\b|bot/|crawl|spider|slurp|scraper|preview|facebookexternalhit|facebookcatalog|meta-externalagent"
          + "|embedly|whatsapp|skypeuripreview|vkshare|outbrain|flipboardproxy|nuzzel|bitlybot"
          + "|iframely|mastodon|akkoma|pleroma|misskey|google-inspectiontool|googleother|feedfetcher"
          + "|google-read-aloud|chrome-lighthouse|lighthouse|headlesschrome|phantomjs|puppeteer|playwright|selenium"
          + "|uptime|pingdom|statuscake|site24x7|datadog|newrelicpinger|better ?uptime|check_http|monitor"
          + "|zgrab|masscan|nmap|nikto|sqlmap|censys"
          + "|curl|wget|httpie|python-requests|python-urllib|python-httpx|aiohttp|httpx|urllib3|go-http-client"
          + "|java/|java-http-client|okhttp|apache-httpclient|jakarta commons|axios|node-fetch|undici|got \\("
          + "|libwww-perl|lwp::|mechanize|php/|guzzle|faraday|http\\.rb|rest-client|dart:io|postmanruntime|insomnia"
          + "|powershell|winhttp|libfetch|reqwest|hackney|scrapy|httpclient|http_request|^mozilla/5\\.0$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TABLET_HINT = Pattern.compile("tablet|ipad|kindle|silk/|playbook|nexus (7|9|10)\\b|sm-t\\d|sm-x\\d|tab\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern MOBILE_HINT = Pattern.compile("mobile|iphone|ipod|windows phone|iemobile|opera mini|blackberry|bb10", Pattern.CASE_INSENSITIVE);
  private static final Set<String> DESKTOP_OS = Set.of("Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS",
      "Fedora", "Debian", "FreeBSD", "OpenBSD", "NetBSD", "Arch Linux", "openSUSE", "Red Hat", "CentOS",
      "Mint", "Kubuntu", "Gentoo", "Solaris");
  private static final ClientTraits NO_AGENT = new ClientTraits(null, null, ClientTraits.BOT, true);

  private final Parser parser;
  private final Cache<String, ClientTraits> cache;

  private UserAgents(Parser parser, int cacheEntries) {
    this.parser = parser;
    this.cache = Caffeine.newBuilder().maximumSize(Math.max(0, cacheEntries)).recordStats().build();
  }

  /** Loads ua-parser's regexes (about a second of startup, a few MB of heap); {@code cacheEntries} bounds the cache. */
  public static UserAgents create(int cacheEntries) {
    return new UserAgents(new Parser(), cacheEntries);
  }

  /** The cache's size, hits, misses and evictions as {@code cache_*{cache="user_agents"}}. */
  public UserAgents monitored(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache, "user_agents");
    return this;
  }

  public ClientTraits parse(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return NO_AGENT;
    }
    return cache.get(userAgent, this::classify);
  }

  /** The traits of an agent parsed before (a cache hit), else null: lets a caller bound its parsing work. */
  public ClientTraits cached(String userAgent) {
    return userAgent == null || userAgent.isBlank() ? NO_AGENT : cache.getIfPresent(userAgent);
  }

  /**
   * A verdict from the bot patterns alone, without ua-parser (not cached): browser and OS unknown,
   * device {@code bot} or {@code other}. For when a flood of distinct agents must not cost a full
   * parse each.
   */
  public ClientTraits quick(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return NO_AGENT;
    }
    boolean bot = AUTOMATED.matcher(userAgent).find();
    return new ClientTraits(null, null, bot ? ClientTraits.BOT : ClientTraits.OTHER, bot);
  }

  private ClientTraits classify(String agent) {
    Client client = parser.parse(agent);
    String browser = known(client.userAgent.family);
    String os = known(client.os.family);
    String deviceFamily = client.device.family;
    boolean bot = "Spider".equals(deviceFamily) || AUTOMATED.matcher(agent).find();
    return new ClientTraits(browser, os, bot ? ClientTraits.BOT : device(agent, os, deviceFamily), bot);
  }

  private static String device(String agent, String os, String deviceFamily) {
    boolean android = "Android".equals(os);
    if ("iPad".equals(deviceFamily) || TABLET_HINT.matcher(agent).find()) {
      return ClientTraits.TABLET;
    }
    if (android) {
      // Android's convention: phones say "Mobile", tablets do not.
      return agent.contains("Mobile") ? ClientTraits.MOBILE : ClientTraits.TABLET;
    }
    if ("iPhone".equals(deviceFamily) || "iOS".equals(os) || MOBILE_HINT.matcher(agent).find()) {
      return ClientTraits.MOBILE;
    }
    if (os != null && DESKTOP_OS.contains(os)) {
      return ClientTraits.DESKTOP;
    }
    return ClientTraits.OTHER;
  }

  private static String known(String family) {
    return family == null || family.isEmpty() || "Other".equals(family) ? null : family;
  }
}
