package dev.shortener.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlsTest {

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/test", "http://opswise.net/young/uplink/1?q=1#frag",
      "https://EXAMPLE.com:8443/a", "https://8.8.8.8/dns", "http://[2001:4860:4860::8888]/",
      "https://bücher.example/straße", "https://sub.domain.co.uk/path|pipe"})
  void acceptsPublicHttpUrls(String url) {
    assertNull(TargetUrls.problem(url), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/", "javascript:alert(1)", "example.com", "https://", "http:///path",
      "https://user:pass@example.com/", "https://user@example.com/", "http://exa mple.com/", "http://example.com/\n",
      "http://localhost/", "http://LOCALHOST./", "http://app.localhost/", "http://printer.local/",
      "http://127.0.0.1/", "http://127.1.2.3/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
      "http://169.254.169.254/latest", "http://0.0.0.0/", "http://100.64.0.1/", "http://[::1]/", "http://[::]/",
      "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://2130706433/",
      "http://0x7f.1/", "http://127.1/", "http://999.1.1.1/", "http://010.0.0.1/", "http://under_score.com/",
      "http://example.com:99999/", "http://example.com:abc/", "http://a..b.com/", "http://[::1/"})
  void rejectsEverythingElse(String url) {
    assertNotNull(TargetUrls.problem(url), url);
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
    assertNull(TargetUrls.problem(base + "a".repeat(TargetUrls.MAX_LENGTH - base.length())));
    assertEquals("must be at most 2048 characters",
        TargetUrls.problem(base + "a".repeat(TargetUrls.MAX_LENGTH - base.length() + 1)));
  }
}
