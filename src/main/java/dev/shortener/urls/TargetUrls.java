package dev.shortener.urls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for a redirect target: http(s), a public-looking host, no credentials, no control characters.
 * IP literals are checked without DNS; names are never resolved.
 */
public final class TargetUrls {
  public static final int MAX_LENGTH = 2048;
  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]+|\\d+)");

  private TargetUrls() {}

  /** Null when the URL is acceptable, else the reason. */
  public static String problem(String url) {
    if (url.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        return "must not contain spaces or control characters";
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "must be a valid URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must use http or https";
    }
    if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
      return "must not contain credentials";
    }
    String host = uri.getHost();
    if (host == null && uri.getRawAuthority() != null) {
      // java.net.URI leaves a non-ASCII (IDN) host unparsed: check its ASCII form, which is what a
      // client resolves (full-width digits and dots fold to ASCII ones there, so 127.0.0.1 in
      // full-width characters is caught as a loopback)
      try {
        host = IDN.toASCII(uri.getRawAuthority().replaceFirst(":\\d*$", ""), IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        return "must be a valid host name";
      }
    }
    if (host == null || host.isEmpty()) {
      return "must have a host";
    }
    return hostProblem(host.toLowerCase(Locale.ROOT));
  }

  private static String hostProblem(String host) {
    if (host.startsWith("[")) {
      return isPublic(host.substring(1, host.length() - 1)) ? null : "must not point to a private or local address";
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local")) {
      return "must not point to a local host";
    }
    if (DOTTED_QUAD.matcher(name).matches()) {
      for (String octet : name.split("\\.")) {
        if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
          return "must be a valid host name";
        }
      }
      return isPublic(name) ? null : "must not point to a private or local address";
    }
    String lastLabel = name.substring(name.lastIndexOf('.') + 1);
    if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
      // 2130706433, 0x7f.1, 127.1: numeric forms browsers read as IPv4; no real host name ends so
      return "must be a valid host name";
    }
    try {
      IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return "must be a valid host name";
    }
    return null;
  }

  /** For IP literals only: InetAddress parses them without a lookup. */
  private static boolean isPublic(String literal) {
    InetAddress address;
    try {
      if (!literal.contains(":") && !DOTTED_QUAD.matcher(literal).matches()) {
        return false;
      }
      address = InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      return false;
    }
    byte[] b = address.getAddress();
    boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    boolean sharedV4 = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64/10
    return !(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || sharedV4);
  }
}
