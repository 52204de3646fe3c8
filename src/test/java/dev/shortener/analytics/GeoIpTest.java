package dev.shortener.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpTest {
  @TempDir
  Path dir;

  @Test
  void countriesFromAMaxMindLayoutDatabase() throws Exception {
    Path file = new MmdbWriter("GeoLite2-Country")
        .maxmindCountry("203.0.113.0/24", "de")
        .maxmindCountry("198.51.100.0/25", "FR")
        .add("192.0.2.0/24", java.util.Map.of("registered_country", java.util.Map.of("iso_code", "JP")))
        .write(dir.resolve("country.mmdb"));
    try (GeoIp geo = GeoIp.open(file.toString())) {
      assertTrue(geo.enabled());
      assertEquals("DE", geo.country("203.0.113.77"));
      assertEquals("FR", geo.country("198.51.100.127"));
      assertNull(geo.country("198.51.100.128"), "outside the /25");
      assertEquals("JP", geo.country("192.0.2.1"));
      assertNull(geo.country("8.8.8.8"));
      assertNull(geo.country("2001:db8::1"), "IPv6 in an IPv4 database");
    }
  }

  @Test
  void countriesFromAnIpLocationDbLayoutDatabase() throws Exception {
    Path file = new MmdbWriter("geolite2-country")
        .flatCountry("10.0.0.0/8", "NL")
        .write(dir.resolve("flat.mmdb"));
    try (GeoIp geo = GeoIp.open(file.toString())) {
      assertEquals("NL", geo.country("10.200.3.4"));
      assertNull(geo.country("11.0.0.1"));
    }
  }

  @Test
  void nothingFailsWithoutAUsableDatabase() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.mmdb"), "not a database");
    for (String path : new String[] {null, "", "  ", dir.resolve("missing.mmdb").toString(), garbage.toString()}) {
      GeoIp geo = GeoIp.open(path);
      assertFalse(geo.enabled(), String.valueOf(path));
      assertNull(geo.country("203.0.113.77"));
      geo.close();
    }
  }

  @Test
  void onlyLiteralsAreLookedUpNeverNames() throws Exception {
    Path file = new MmdbWriter("GeoLite2-Country").maxmindCountry("127.0.0.0/8", "ZZ").write(dir.resolve("l.mmdb"));
    try (GeoIp geo = GeoIp.open(file.toString())) {
      assertEquals("ZZ", geo.country("127.0.0.1"));
      for (String name : new String[] {"localhost", "999.1.1.1", "1.2.3", "g:x.example", "::zz", "", null, "1.2.3.4.5",
          "01234.1.1.1", "[::1]"}) {
        assertNull(geo.country(name), String.valueOf(name));
      }
      assertNull(GeoIp.literal("localhost"));
      assertEquals("::1", GeoIp.literal("::1").getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"));
    }
  }
}
