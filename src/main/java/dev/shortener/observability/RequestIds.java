package dev.shortener.observability;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ThreadLocalRandom;

/** Gives every request an id: the client's {@code X-Request-ID} when sane, otherwise 32 random hex chars. */
public final class RequestIds {
  public static final CharSequence HEADER = HttpHeaders.createOptimized("X-Request-ID");
  private static final int MAX_LENGTH = 128;

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

  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex16(random.nextLong()) + hex16(random.nextLong());
  }

  private static String hex16(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
