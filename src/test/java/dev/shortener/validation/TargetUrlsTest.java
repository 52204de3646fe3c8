package dev.shortener.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlsTest {
  private static final String OWN = TargetUrls.hostOf("https://sho.rt");

  private static String problem(String url) {
    return TargetUrls.problem(url, OWN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/test", "http://opswise.net/young/uplink/1?q=1#frag",
      "https://EXAMPLE.com:8443/a", "https://8.8.8.8/dns", "http://[2001:4860:4860::8888]/",
      "https://bücher.example/straße", "https://sub.domain.co.uk/path|pipe", "https://faß.de/",
      "http://[2001:db8:0:0:0:0:0:1]:8080/", "http://[::ffff:8.8.8.8]/", "https://sho.rt.example/",
      "https://xn--fa-hia.de/"})
  void acceptsPublicHttpUrls(String url) {
    assertNull(problem(url), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/", "javascript:alert(1)", "example.com", "https://", "http:///path",
      "https://user:pass@example.com/", "https://user@example.com/", "http://exa mple.com/", "http://example.com/\n",
      "http://localhost/", "http://LOCALHOST./", "http://app.localhost/", "http://printer.local/",
      "http://127.0.0.1/", "http://127.1.2.3/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
      "http://169.254.169.254/latest", "http://0.0.0.0/", "http://100.64.0.1/", "http://[::1]/", "http://[::]/",
      "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://2130706433/",
      "http://0x7f.1/", "http://127.1/", "http://999.1.1.1/", "http://010.0.0.1/", "http://under_score.com/",
      "http://example.com:99999/", "http://example.com:abc/", "http://a..b.com/", "http://[::1/",
      // brackets hold an IPv6 literal or nothing: these never reach a resolver
      "http://[g:x.example]/", "http://[a:x.example]/", "http://[example.com]/", "http://[1:2:3:4:5:6:7:8:9]/",
      "http://[1::2::3]/", "http://[fe80::1%25eth0]/", "http://[::127.0.0.1]/", "http://[64:ff9b::10.0.0.1]/",
      "http://[1.2.3.4::]/", "http://[v1.x]/",
      // full-width digits and ideographic dots are IPv4 once mapped, as in a browser
      "http://１２７。０。０。１/",
      // the service's own host: a redirect loop
      "https://sho.rt/abc", "http://SHO.RT./x", "https://sho.rt:8443/"})
  void rejectsEverythingElse(String url) {
    assertNotNull(problem(url), url);
  }

  @Test
  void hostsFollowIdna2008NotIdna2003() {
    // java.net.IDN (IDNA2003) maps ß to "ss": faß.de would redirect to the different domain fass.de
    assertEquals("https://xn--fa-hia.de/", TargetUrls.ascii("https://faß.de/"));
    assertEquals("https://xn--fa-hia.de/stra%C3%9Fe", TargetUrls.ascii("https://FAß.de/straße"));
    assertEquals("xn--fa-hia.de", TargetUrls.hostOf("https://faß.de"));
  }

  @Test
  void ipLiteralsAreParsedByteByByte() {
    assertArrayEquals(new byte[] {8, 8, 4, 4}, TargetUrls.ipv4("8.8.4.4"));
    assertNull(TargetUrls.ipv4("8.8.4"));
    byte[] v6 = new byte[16];
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[15] = 1;
    assertArrayEquals(v6, TargetUrls.ipv6("2001::1"));
    assertArrayEquals(v6, TargetUrls.ipv6("2001:0:0:0:0:0:0:1"));
    assertArrayEquals(new byte[16], TargetUrls.ipv6("::"));
    assertNull(TargetUrls.ipv6("g:x.example"));
    assertNull(TargetUrls.ipv6("a:x.example"));
    assertNull(TargetUrls.ipv6(":1"));
    assertNull(TargetUrls.ipv6("1:"));
    assertNull(TargetUrls.ipv6("12345::"));
  }

  @Test
  void theRulesNeverCallTheResolver() throws IOException {
    // InetAddress.getByName on "g:x.example" is a DNS lookup (on an event loop); the class may
    // only build addresses from parsed bytes
    try (InputStream in = TargetUrls.class.getResourceAsStream("TargetUrls.class")) {
      String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertFalse(constants.contains("getByName"), "TargetUrls calls InetAddress.getByName");
      assertFalse(constants.contains("getAllByName"), "TargetUrls calls InetAddress.getAllByName");
      assertFalse(constants.contains("java/net/IDN"), "TargetUrls uses java.net.IDN (IDNA2003)");
    }
  }

  @Test
  void asciiFormForTheLocationHeader() {
    assertEquals("https://example.com/a?b=c", TargetUrls.ascii("https://example.com/a?b=c"));
    assertEquals("https://xn--bcher-kva.example/stra%C3%9Fe", TargetUrls.ascii("https://bücher.example/straße"));
    assertEquals("http://example.com:8080/a%7Cb", TargetUrls.ascii("http://example.com:8080/a|b"));
  }

  @Test
  void lengthLimit() {
    String base = "https://example.com/";
    assertNull(problem(base + "a".repeat(TargetUrls.MAX_LENGTH - base.length())));
    assertEquals("must be at most 2048 characters",
        problem(base + "a".repeat(TargetUrls.MAX_LENGTH - base.length() + 1)));
  }

  @Test
  void theLocationHeaderIsBoundedInBytesNotCharacters() {
    String base = "https://example.com/";
    // 2,000 CJK characters: 2,020 characters, but 18,020 bytes once percent-encoded
    String cjk = base + "漢".repeat(2000);
    assertEquals(18020, TargetUrls.ascii(cjk).length());
    assertEquals("must be at most 2048 bytes as a Location header (punycode host, percent-encoded path)",
        problem(cjk));
    // each 漢 is %E6%BC%A2 (9 bytes): fill up to exactly 2,048 bytes, then one byte more
    int room = TargetUrls.MAX_LENGTH - base.length();
    String exact = base + "漢".repeat(room / 9) + "a".repeat(room % 9);
    assertEquals(TargetUrls.MAX_LENGTH, TargetUrls.ascii(exact).length());
    assertNull(problem(exact));
    assertNotNull(problem(exact + "a"));
    // a long international host counts in its punycode form
    String label = "ü".repeat(40);
    String host = String.join(".", label, label, label, label) + ".example";
    String hostForm = TargetUrls.ascii("https://" + host + "/");
    String rest = "a".repeat(TargetUrls.MAX_LENGTH - hostForm.length());
    assertEquals(TargetUrls.MAX_LENGTH, TargetUrls.ascii("https://" + host + "/" + rest).length());
    assertNull(problem("https://" + host + "/" + rest));
    assertNotNull(problem("https://" + host + "/" + rest + "a"));
  }

  @Test
  void theBaseUrlNeedsAHost() {
    assertEquals("localhost", TargetUrls.hostOf("http://localhost:8080"));
    assertEquals("sho.rt", TargetUrls.hostOf("https://SHO.RT./"));
    assertThrows(IllegalArgumentException.class, () -> TargetUrls.hostOf("sho.rt"));
  }
}
