package dev.shortener.observability;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Gives every request an id: the client's {@code X-Request-ID} when sane, otherwise 32 random hex chars. */
public final class RequestIds {
  public static final CharSequence HEADER = HttpHeaders.createOptimized("X-Request-ID");
  private static final int MAX_LENGTH = 128;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  private RequestIds() {}

  /** Names the request: its id goes into the response header and the logging context. */
  public static String assign(HttpServerRequest request) {
    String id = sanitize(request.getHeader(HEADER));
    RequestContext.setRequestId(id);
    request.response().putHeader(HEADER, id);
    return id;
  }

  static String sanitize(String candidate) {
    return isSane(candidate) ? candidate : generate();
  }

  static boolean isSane(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** 32 lower-case hex digits of two random longs, written into one array (one per request). */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] id = new byte[32];
    hex16(random.nextLong(), id, 0);
    hex16(random.nextLong(), id, 16);
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  private static void hex16(long value, byte[] into, int at) {
    for (int i = at + 15; i >= at; i--) {
      into[i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}
