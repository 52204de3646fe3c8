package dev.shortener.analytics;

import java.util.Locale;

/** The part of a referrer that analytics keeps: its host name, not its path or query. */
public final class Referrers {
  private Referrers() {}

  /**
   * The lower-case host of a referrer URL ({@code https://www.Example.com:8443/a?b} gives
   * {@code www.example.com}; app referrers like {@code android-app://com.slack} give the app id), or
   * null for none, a blank one or one without a host. Parsed by hand: {@link java.net.URI} refuses
   * many referrers browsers really send (spaces, unescaped characters in the path).
   */
  public static String referrerHost(String referrer) {
    if (referrer == null) {
      return null;
    }
    String s = referrer.strip();
    int scheme = s.indexOf("://");
    if (scheme <= 0 || !s.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String authority = s.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close < 0 ? "" : authority.substring(0, close + 1);
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
    }
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.length() > 253 || host.chars().anyMatch(c -> c <= ' ')) {
      return null;
    }
    return host.toLowerCase(Locale.ROOT);
  }
}
