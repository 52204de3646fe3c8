package dev.shortener.analytics;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Country of a client address from a MaxMind-format database (GeoLite2-Country, DB-IP Lite, or the
 * ip-location-db builds), read with MaxMind's own reader. Two record layouts are understood:
 * MaxMind's {@code country.iso_code} (DB-IP's too) and ip-location-db's flat {@code country_code}.
 *
 * <p>Never fails: without a file, with an unreadable one, or for an address it does not know, the
 * country is null. Addresses must be literals; nothing here ever resolves a name.
 */
public final class GeoIp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GeoIp.class);
  private static final GeoIp NONE = new GeoIp(null);

  private final Reader reader;

  private GeoIp(Reader reader) {
    this.reader = reader;
  }

  /** The database at {@code pathOrNull}; a null, blank, missing or unreadable path gives a GeoIp that knows no country. */
  public static GeoIp open(String pathOrNull) {
    if (pathOrNull == null || pathOrNull.isBlank()) {
      return NONE;
    }
    File file = new File(pathOrNull);
    try {
      // Memory-mapped: the OS pages the file in, the heap holds only the decoded-node cache.
      return new GeoIp(new Reader(file, new CHMCache()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("GeoIP database {} unusable ({}); countries will be null", file, e.toString());
      return NONE;
    }
  }

  public boolean enabled() {
    return reader != null;
  }

  /** ISO 3166 alpha-2 code (upper case) of an IP literal, or null. */
  public String country(String ipAddress) {
    if (reader == null) {
      return null;
    }
    InetAddress address = literal(ipAddress);
    if (address == null) {
      return null;
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> record = reader.get(address, Map.class);
      return record == null ? null : isoCode(record);
    } catch (IOException | RuntimeException e) {
      return null; // an IPv6 address in an IPv4-only database, a corrupt record: no country
    }
  }

  private static String isoCode(Map<String, Object> record) {
    Object code = record.get("country_code");
    if (code == null && record.get("country") instanceof Map<?, ?> country) {
      code = country.get("iso_code");
    }
    if (code == null && record.get("registered_country") instanceof Map<?, ?> registered) {
      code = registered.get("iso_code");
    }
    if (code instanceof String s && s.length() == 2) {
      return s.toUpperCase(Locale.ROOT);
    }
    return null;
  }

  /**
   * The address of an IPv4 or IPv6 literal, or null. {@link InetAddress#getByName} only sees strings
   * it parses without a lookup: dotted quads checked here, IPv6 in brackets (which it refuses, rather
   * than resolves, when they are not a literal).
   */
  static InetAddress literal(String ip) {
    if (ip == null || ip.isEmpty() || ip.length() > 45) {
      return null;
    }
    try {
      if (ip.indexOf(':') >= 0) {
        for (int i = 0; i < ip.length(); i++) {
          char c = ip.charAt(i);
          if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
            return null;
          }
        }
        return InetAddress.getByName("[" + ip + "]");
      }
      return dottedQuad(ip) ? InetAddress.getByName(ip) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean dottedQuad(String ip) {
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        LOG.debug("closing GeoIP reader", e);
      }
    }
  }
}
