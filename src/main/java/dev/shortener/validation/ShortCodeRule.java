package dev.shortener.validation;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one rule for what a short code looks like and which words it may not be. The router's
 * {@code /{code}} route ({@link #PATH_REGEX}), the redirect fast lane ({@link #codeOfPath}), custom
 * codes ({@code UrlValidation}) and generated codes all ask here.
 */
public final class ShortCodeRule {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 32;

  /**
   * Every first path segment the service serves, by its name before any '.' ({@code robots.txt} is
   * {@code robots}), compared case-insensitively: none of them can be a custom code. A feature that
   * serves a new first segment appends it here; {@link #requireReserved} (called for every route the
   * router registers) stops the start when one is missing, so the list cannot fall behind the routes.
   */
  private static final List<String> RESERVED = List.of(
      "health", "users", "urls", "events", "v1", "r", "docs", "metrics", "openapi", "api-keys", "webhooks",
      "robots", // robots.txt
      // the web UI's assets; too short for a code today, reserved so no shorter rule could shadow it
      "ui",
      // not served, reserved since the first service
      "api", "admin");

  private static final String[] RESERVED_WORDS = RESERVED.toArray(String[]::new);

  /**
   * The router's pattern for {@code /{code}}: a single segment of the code's shape that is not a
   * reserved word. Used by a regex route; the fast lane checks the same with {@link #codeOfPath}.
   */
  public static final String PATH_REGEX = pathRegex("");

  /** The pattern of {@code /{code}<suffix>} ({@code /{code}/qr}): the code is group 1. */
  public static String pathRegex(String suffix) {
    String literal = suffix.isEmpty() ? "" : Pattern.quote(suffix);
    return "^/(?!(?i:" + RESERVED.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")" + literal
        + "$)([A-Za-z0-9_-]{" + MIN_LENGTH + "," + MAX_LENGTH + "})" + literal + "$";
  }

  /** The message of a custom code of the wrong shape. */
  public static final String SHAPE_MESSAGE =
      "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '_' or '-'";

  private ShortCodeRule() {}

  /**
   * The shape, without the reserved-word rule: 3 to 32 of {@code [A-Za-z0-9_-]}. A loop, not a
   * regular expression: every redirect asks.
   */
  public static boolean hasShape(String s) {
    if (s == null || s.length() < MIN_LENGTH || s.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Case-insensitive, without allocating (the fast lane asks on every redirect). */
  public static boolean isReserved(String code) {
    for (String word : RESERVED_WORDS) {
      if (word.length() == code.length() && word.equalsIgnoreCase(code)) {
        return true;
      }
    }
    return false;
  }

  /** A code a link can have: the shape and not a reserved word. */
  public static boolean isAllowed(String code) {
    return hasShape(code) && !isReserved(code);
  }

  /** The code of a {@code /{code}} path exactly as {@link #PATH_REGEX} matches it (no escapes), or null. */
  public static String codeOfPath(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    String code = path.substring(1);
    return isAllowed(code) ? code : null;
  }

  /**
   * Stops the start when a route template's first segment could be taken for a code and is not
   * reserved: such a route would shadow, or be shadowed by, someone's link.
   */
  public static void requireReserved(String template) {
    String path = template.startsWith("/") ? template.substring(1) : template;
    int slash = path.indexOf('/');
    String segment = slash < 0 ? path : path.substring(0, slash);
    int dot = segment.indexOf('.');
    String word = dot < 0 ? segment : segment.substring(0, dot);
    if (hasShape(word) && !isReserved(word)) {
      throw new IllegalStateException("route " + template + " serves the first segment '" + word
          + "', which is not a reserved code: add it to ShortCodeRule.RESERVED");
    }
  }
}
