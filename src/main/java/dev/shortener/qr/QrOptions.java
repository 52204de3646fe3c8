package dev.shortener.qr;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.shortener.http.QueryParams;
import java.util.Locale;
import java.util.regex.Pattern;

/** The query parameters of {@code GET /{code}/qr}, validated, with API.md's defaults. */
record QrOptions(boolean svg, int size, int margin, ErrorCorrectionLevel ec, int fg, int bg) {
  static final int MIN_SIZE = 64;
  static final int MAX_SIZE = 2048;
  static final int DEFAULT_SIZE = 300;
  static final int MAX_MARGIN = 10;
  static final int DEFAULT_MARGIN = 2;
  private static final Pattern HEX_COLOUR = Pattern.compile("#?[0-9A-Fa-f]{6}");

  /** Every bad parameter named in one 400. */
  static QrOptions parse(QueryParams query) {
    String format = query.stringValue("format");
    boolean svg = false;
    if (format != null) {
      switch (format.trim().toLowerCase(Locale.ROOT)) {
        case "png" -> svg = false;
        case "svg" -> svg = true;
        default -> query.reject("format", "must be png or svg");
      }
    }
    int size = bounded(query, "size", DEFAULT_SIZE, MIN_SIZE, MAX_SIZE);
    int margin = bounded(query, "margin", DEFAULT_MARGIN, 0, MAX_MARGIN);
    ErrorCorrectionLevel ec = ErrorCorrectionLevel.M;
    String level = query.stringValue("ec");
    if (level != null) {
      try {
        ec = ErrorCorrectionLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        query.reject("ec", "must be L, M, Q or H");
      }
    }
    int fg = colour(query, "fg", 0x000000);
    int bg = colour(query, "bg", 0xffffff);
    query.validate();
    return new QrOptions(svg, size, margin, ec, fg, bg);
  }

  private static int bounded(QueryParams query, String name, int fallback, int min, int max) {
    Long value = query.longValue(name);
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      query.reject(name, "must be between " + min + " and " + max);
      return fallback;
    }
    return value.intValue();
  }

  private static int colour(QueryParams query, String name, int fallback) {
    String raw = query.stringValue(name);
    if (raw == null) {
      return fallback;
    }
    if (!HEX_COLOUR.matcher(raw.trim()).matches()) {
      query.reject(name, "must be a 6-digit hex colour like 1a2b3c");
      return fallback;
    }
    return Integer.parseInt(raw.trim().replace("#", ""), 16);
  }

  /** Identifies the picture: same content and options, same bytes. */
  String key(String content) {
    return content + "|" + (svg ? "svg" : "png") + "|" + size + "|" + margin + "|" + ec + "|" + fg + "|" + bg;
  }
}
