package dev.shortener.validation;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for a redirect target: http(s), a public-looking host, no credentials, no control characters.
 * International hosts and characters browsers accept in paths are fine; {@link #ascii} gives the
 * form that goes into a {@code Location} header. IP literals are checked without DNS; names are
 * never resolved.
 */
public final class TargetUrls {
  public static final int MAX_LENGTH = 2048;
  private static final Pattern SHAPE = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", Pattern.DOTALL);
  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]+|\\d+)");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");
  /** Characters kept as they are in a path, query or fragment; everything else is percent-encoded. */
  private static final String URI_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

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
    Matcher parts = SHAPE.matcher(url);
    if (!parts.matches()) {
      return "must be an absolute http or https URL";
    }
    String scheme = parts.group(1).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must use http or https";
    }
    String authority = parts.group(2);
    if (authority.contains("@")) {
      return "must not contain credentials";
    }
    String host = authority;
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      if (end < 0 || (end + 1 < authority.length() && !validPort(authority.substring(end + 1)))) {
        return "must have a valid host";
      }
      host = authority.substring(0, end + 1);
    } else if (authority.contains(":")) {
      int colon = authority.lastIndexOf(':');
      if (!validPort(authority.substring(colon))) {
        return "must have a valid port";
      }
      host = authority.substring(0, colon);
    }
    if (host.isEmpty()) {
      return "must have a host";
    }
    String hostProblem = hostProblem(host.toLowerCase(Locale.ROOT));
    if (hostProblem != null) {
      return hostProblem;
    }
    try {
      new URI(ascii(url));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return "must be a valid URL";
    }
    return null;
  }

  /** The URL with an ASCII (punycode) host and percent-encoded path: safe for a header. */
  public static String ascii(String url) {
    Matcher parts = SHAPE.matcher(url);
    if (!parts.matches() || isAscii(url)) {
      return url;
    }
    String authority = parts.group(2);
    int colon = authority.startsWith("[") ? -1 : authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    String port = colon < 0 ? "" : authority.substring(colon);
    return parts.group(1) + "://" + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port + encode(parts.group(3));
  }

  private static boolean validPort(String colonPort) {
    return colonPort.startsWith(":")
        && (colonPort.length() == 1 || (PORT.matcher(colonPort.substring(1)).matches()
            && Integer.parseInt(colonPort.substring(1)) <= 65535));
  }

  private static String hostProblem(String host) {
    if (host.startsWith("[")) {
      return isPublic(host.substring(1, host.length() - 1)) ? null : "must not point to a private or local address";
    }
    String asciiName;
    try {
      // folds full-width digits and ideographic dots to ASCII, as a resolver would
      asciiName = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return "must be a valid host name";
    }
    if (asciiName.endsWith(".")) {
      asciiName = asciiName.substring(0, asciiName.length() - 1);
    }
    if (asciiName.isEmpty() || asciiName.startsWith(".") || asciiName.contains("..")) {
      return "must be a valid host name";
    }
    if (asciiName.equals("localhost") || asciiName.endsWith(".localhost") || asciiName.endsWith(".local")) {
      return "must not point to a local host";
    }
    if (DOTTED_QUAD.matcher(asciiName).matches()) {
      for (String octet : asciiName.split("\\.")) {
        if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
          return "must be a valid host name";
        }
      }
      return isPublic(asciiName) ? null : "must not point to a private or local address";
    }
    String lastLabel = asciiName.substring(asciiName.lastIndexOf('.') + 1);
    if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
      // 2130706433, 0x7f.1, 127.1: numeric forms browsers read as IPv4; no real host name ends so
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
    return isPublic(address);
  }

  /** False for loopback, private, link-local, unspecified, multicast, unique-local and shared (CGNAT) addresses. */
  public static boolean isPublic(InetAddress address) {
    byte[] b = address.getAddress();
    boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    boolean sharedV4 = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64/10
    return !(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || sharedV4);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80 || URI_CHARS.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String encode(String rest) {
    StringBuilder out = new StringBuilder(rest.length() + 16);
    for (byte b : rest.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && URI_CHARS.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
