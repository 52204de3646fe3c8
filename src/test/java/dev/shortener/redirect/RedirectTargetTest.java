package dev.shortener.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class RedirectTargetTest {

  @Test
  void roundTripsThroughTheRedisEncoding() {
    RedirectTarget plain = new RedirectTarget(3, 1, "https://example.com/a|b?c=1", true, null);
    assertEquals(plain, RedirectTarget.decode(plain.encode()));
    RedirectTarget expiring = new RedirectTarget(4, 2, "https://example.com/", false,
        LocalDateTime.of(2030, 1, 2, 3, 4, 5, 678_901_000));
    assertEquals(expiring, RedirectTarget.decode(expiring.encode()));
  }

  @Test
  void statusAndOptionsRoundTripAndOldEntriesArePlainLinks() {
    RedirectTarget limited = new RedirectTarget(5, 6, "https://example.com/|x", true, null, 308,
        new LinkOptions(true, 7, Rules.compile("[{\"target\":\"https://example.org/|y\",\"conditions\":"
            + "[{\"type\":\"country\",\"value\":\"DE\"}]}]")));
    assertEquals(limited, RedirectTarget.decode(limited.encode()));
    RedirectTarget permanent = new RedirectTarget(5, 6, "https://example.com/", true, null, 301, null);
    assertEquals(permanent, RedirectTarget.decode(permanent.encode()));
    assertEquals(new RedirectTarget(3, 1, "https://example.com/a|b", true, null),
        RedirectTarget.decode("3|1|1||https://example.com/a|b"), "the encoding of replicas before link options");
  }

  @Test
  void rejectsForeignValues() {
    assertNull(RedirectTarget.decode("garbage")); // ignored, never thrown: the database answers instead (RedisValuesTest)
  }

  @Test
  void expiryIsInclusive() {
    LocalDateTime at = LocalDateTime.of(2030, 1, 1, 0, 0);
    RedirectTarget target = new RedirectTarget(1, 1, "https://example.com/", true, at);
    assertFalse(target.expired(at.minusNanos(1000)));
    assertTrue(target.expired(at));
    assertFalse(new RedirectTarget(1, 1, "https://example.com/", true, null).expired(at));
  }
}
