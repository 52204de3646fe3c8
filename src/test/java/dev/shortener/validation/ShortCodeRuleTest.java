package dev.shortener.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ShortCodeRuleTest {

  @Test
  void shortCodesAndReservedWords() {
    assertTrue(ShortCodeRule.hasShape("abc"));
    assertTrue(ShortCodeRule.hasShape("a-b_C9"));
    assertFalse(ShortCodeRule.hasShape("ab"));
    assertFalse(ShortCodeRule.hasShape("a".repeat(33)));
    assertFalse(ShortCodeRule.hasShape("bad!"));
    assertFalse(ShortCodeRule.hasShape(null));
    assertTrue(ShortCodeRule.isReserved("Health"));
    assertTrue(ShortCodeRule.isReserved("v1"));
    assertTrue(ShortCodeRule.isReserved("METRICS"));
    assertFalse(ShortCodeRule.isReserved("healthy"));
    assertFalse(ShortCodeRule.isAllowed("Users"));
    assertTrue(ShortCodeRule.isAllowed("user"));
  }

  @Test
  void theFastLaneTakesOnlyPathsTheRouterWouldMatchAsCodes() {
    assertEquals("abc", ShortCodeRule.codeOfPath("/abc"));
    assertEquals("a-b_C9", ShortCodeRule.codeOfPath("/a-b_C9"));
    assertEquals("x".repeat(32), ShortCodeRule.codeOfPath("/" + "x".repeat(32)));
    for (String path : new String[] {null, "", "/", "/ab", "/" + "x".repeat(33), "abc", "/abc/", "/a%62c", "/ab.c",
        "/health", "/USERS", "/v1", "/docs", "/métro"}) {
      assertEquals(null, ShortCodeRule.codeOfPath(path), path);
    }
  }

  @Test
  void theRoutersPatternAndTheFastLaneAgree() {
    Pattern router = Pattern.compile(ShortCodeRule.PATH_REGEX);
    for (String path : new String[] {"/abc", "/a-b_C9", "/" + "x".repeat(32), "/ab", "/" + "x".repeat(33), "/abc/",
        "/ab.c", "/health", "/Health", "/USERS", "/v1", "/r", "/docs", "/openapi", "/admins", "/métro", "/a%62c"}) {
      assertEquals(router.matcher(path).matches(), ShortCodeRule.codeOfPath(path) != null, path);
    }
  }

  @Test
  void aRouteWhoseFirstSegmentIsNotReservedStopsTheStart() {
    ShortCodeRule.requireReserved("/users/:id");
    ShortCodeRule.requireReserved("/openapi.json");
    ShortCodeRule.requireReserved("/webhooks/:id");
    ShortCodeRule.requireReserved("/:code");
    ShortCodeRule.requireReserved("/");
    ShortCodeRule.requireReserved("/robots.txt");
    ShortCodeRule.requireReserved("/WebHooks/:id");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ShortCodeRule.requireReserved("/stats/:id"));
    assertTrue(e.getMessage().contains("'stats'"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> ShortCodeRule.requireReserved("/reports/:id"));
    assertThrows(IllegalStateException.class, () -> ShortCodeRule.requireReserved("/favicon.ico"));
  }
}
