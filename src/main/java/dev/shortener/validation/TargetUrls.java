package dev.shortener.validation;

import com.ibm.icu.text.IDNA;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for a redirect target: http(s), a public-looking host that is not the service itself, no
 * credentials, no control characters, and a {@code Location} header of at most {@link #MAX_LENGTH}
 * bytes. International hosts and characters browsers accept in paths are fine; {@link #ascii} gives
 * the header form (UTS #46 punycode host, percent-encoded rest). IP literals are parsed here, byte
 * by byte; no name is ever resolved.
 */
public final class TargetUrls {
  /** Characters of the submitted URL, and bytes of its header form. */
  public static final int MAX_LENGTH = 2048;
  private static final Pattern SHAPE = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", Pattern.DOTALL);
  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]+|\\d+)");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  /** Characters kept as they are in a path, query or fragment; everything else is percent-encoded. */
  private static final String URI_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";
  /**
   * IDNA2008 as browsers apply it (UTS #46, non-transitional: faß.de stays faß.de, which
   * java.net.IDN's IDNA2003 would turn into the different domain fass.de). Immutable, thread-safe.
   */
  private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
      | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.USE_STD3_RULES | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);

  private TargetUrls() {}

  /** The parts of an accepted-shape URL: authority split into host and ":port" (or ""). */
  private record Parts(String scheme, String host, String port, String rest) {}

  /** Null when the URL is acceptable, else the reason. {@code ownHost} is {@link #hostOf} the public base URL. */
  public static String problem(String url, String ownHost) {
    if (url.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        return "must not contain spaces or control characters";
      }
    }
    Matcher shape = SHAPE.matcher(url);
    if (!shape.matches()) {
      return "must be an absolute http or https URL";
    }
    String scheme = shape.group(1).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must use http or https";
    }
    String authority = shape.group(2);
    if (authority.contains("@")) {
      return "must not contain credentials";
    }
    Parts parts = split(scheme, authority, shape.group(3));
    if (parts == null) {
      return "must have a valid host and port";
    }
    if (parts.host().isEmpty()) {
      return "must have a host";
    }
    String asciiHost = asciiHost(parts.host());
    if (asciiHost == null) {
      return "must be a valid host name";
    }
    String hostProblem = hostProblem(asciiHost);
    if (hostProblem != null) {
      return hostProblem;
    }
    if (asciiHost.equals(ownHost)) {
      return "must not point to this service (a redirect loop)";
    }
    String header = parts.scheme() + "://" + asciiHost + parts.port() + encode(parts.rest());
    if (header.length() > MAX_LENGTH) {
      // what nginx and browsers see: 2,000 CJK characters are an 18 KB header
      return "must be at most " + MAX_LENGTH + " bytes as a Location header (punycode host, percent-encoded path)";
    }
    try {
      new URI(header);
    } catch (URISyntaxException e) {
      return "must be a valid URL";
    }
    return null;
  }

  /**
   * The host of a base URL (e.g. {@code PUBLIC_BASE_URL}) in the form {@link #problem} compares:
   * lower-case ASCII, no trailing dot, IPv6 in brackets as written.
   */
  public static String hostOf(String baseUrl) {
    Matcher shape = SHAPE.matcher(baseUrl.trim());
    Parts parts = shape.matches() ? split(shape.group(1), shape.group(2), shape.group(3)) : null;
    String host = parts == null ? null : asciiHost(parts.host());
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("not an absolute URL with a host: " + baseUrl);
    }
    return host;
  }

  /** The URL with an ASCII (punycode) host and percent-encoded path: safe for a header. */
  public static String ascii(String url) {
    if (isAscii(url)) {
      return url;
    }
    Matcher shape = SHAPE.matcher(url);
    Parts parts = shape.matches() ? split(shape.group(1), shape.group(2), shape.group(3)) : null;
    String host = parts == null ? null : asciiHost(parts.host());
    if (host == null) {
      return url;
    }
    return parts.scheme() + "://" + host + parts.port() + encode(parts.rest());
  }

  private static Parts split(String scheme, String authority, String rest) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      if (end < 0 || (end + 1 < authority.length() && !validPort(authority.substring(end + 1)))) {
        return null;
      }
      return new Parts(scheme, authority.substring(0, end + 1), authority.substring(end + 1), rest);
    }
    int colon = authority.lastIndexOf(':');
    if (colon < 0) {
      return new Parts(scheme, authority, "", rest);
    }
    return validPort(authority.substring(colon))
        ? new Parts(scheme, authority.substring(0, colon), authority.substring(colon), rest) : null;
  }

  /** Lower-case ASCII host without a trailing dot, bracketed IPv6 kept as written; null if invalid. */
  private static String asciiHost(String host) {
    if (host.startsWith("[")) {
      return host.toLowerCase(Locale.ROOT);
    }
    StringBuilder out = new StringBuilder(host.length() + 8);
    IDNA.Info info = new IDNA.Info();
    // maps full-width letters and digits and ideographic dots as a browser would, then punycode
    UTS46.nameToASCII(host, out, info);
    if (info.hasErrors()) {
      return null;
    }
    String name = out.toString();
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.isEmpty() || name.startsWith(".") || name.contains("..") ? null : name;
  }

  private static boolean validPort(String colonPort) {
    return colonPort.startsWith(":")
        && (colonPort.length() == 1 || (PORT.matcher(colonPort.substring(1)).matches()
            && Integer.parseInt(colonPort.substring(1)) <= 65535));
  }

  private static String hostProblem(String host) {
    if (host.startsWith("[")) {
      byte[] v6 = ipv6(host.substring(1, host.length() - 1));
      if (v6 == null) {
        return "must be a valid host name";
      }
      return isPublic(v6) ? null : "must not point to a private or local address";
    }
    if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")) {
      return "must not point to a local host";
    }
    if (DOTTED_QUAD.matcher(host).matches()) {
      byte[] v4 = ipv4(host);
      if (v4 == null) {
        return "must be a valid host name";
      }
      return isPublic(v4) ? null : "must not point to a private or local address";
    }
    String lastLabel = host.substring(host.lastIndexOf('.') + 1);
    if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
      // 2130706433, 0x7f.1, 127.1: numeric forms browsers read as IPv4; no real host name ends so
      return "must be a valid host name";
    }
    return null;
  }

  /** Four decimal octets, no leading zeros (browsers read 010 as octal); null otherwise. */
  static byte[] ipv4(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String octet = octets[i];
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
          || (octet.length() > 1 && octet.startsWith("0")) || Integer.parseInt(octet) > 255) {
        return null;
      }
      out[i] = (byte) Integer.parseInt(octet);
    }
    return out;
  }

  /** An RFC 4291 text address (hex groups, one "::", optional dotted-quad tail, no zone); null otherwise. */
  static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (text.isEmpty() || text.length() > 45 || (gap >= 0 && text.indexOf("::", gap + 1) >= 0)) {
      return null;
    }
    int[] head = gap < 0 ? groups(text) : groups(text.substring(0, gap));
    int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2));
    if (head == null || tail == null) {
      return null;
    }
    int count = head.length + tail.length;
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    if (gap >= 0 && text.substring(0, gap).contains(".")) {
      return null; // a dotted quad only ends an address
    }
    byte[] out = new byte[16];
    for (int i = 0; i < head.length; i++) {
      out[2 * i] = (byte) (head[i] >> 8);
      out[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tail.length; i++) {
      int at = 8 - tail.length + i;
      out[2 * at] = (byte) (tail[i] >> 8);
      out[2 * at + 1] = (byte) tail[i];
    }
    return out;
  }

  /** 16-bit groups separated by ':'; the last may be a dotted quad (two groups). Empty text: none. */
  private static int[] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    boolean v4Tail = parts[parts.length - 1].contains(".");
    int[] out = new int[parts.length + (v4Tail ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      if (i == parts.length - 1 && v4Tail) {
        byte[] v4 = ipv4(parts[i]);
        if (v4 == null) {
          return null;
        }
        out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
      } else if (HEX_GROUP.matcher(parts[i]).matches()) {
        out[i] = Integer.parseInt(parts[i], 16);
      } else {
        return null;
      }
    }
    return out;
  }

  /** Raw address bytes only: InetAddress.getByAddress never consults a resolver. */
  private static boolean isPublic(byte[] raw) {
    InetAddress address;
    try {
      address = InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      return false;
    }
    return isPublic(address);
  }

  /**
   * False for loopback, private, link-local, unspecified, multicast, unique-local and shared (CGNAT)
   * addresses, and for IPv6 forms that embed such an IPv4 address.
   */
  public static boolean isPublic(InetAddress address) {
    byte[] b = address.getAddress(); // an IPv4-mapped IPv6 address comes back as IPv4
    if (b.length == 16 && embedsV4(b)) {
      byte[] v4 = {b[12], b[13], b[14], b[15]};
      return isPublic(v4);
    }
    boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    boolean sharedV4 = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64/10
    return !(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || sharedV4);
  }

  /** IPv4-compatible (::a.b.c.d, but not :: or ::1) and NAT64 (64:ff9b::/96) addresses carry an IPv4 address. */
  private static boolean embedsV4(byte[] b) {
    boolean zeros = true;
    for (int i = 0; i < 12; i++) {
      zeros &= b[i] == 0;
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    for (int i = 4; i < 12 && nat64; i++) {
      nat64 = b[i] == 0;
    }
    boolean small = b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xff) <= 1;
    return (zeros && !small) || nat64;
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
