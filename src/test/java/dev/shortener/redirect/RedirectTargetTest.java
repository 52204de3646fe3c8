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
