package dev.shortener.http;

import dev.shortener.errors.Failure;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Guards the API routes when keys are configured. Keys are configured as SHA-256 digests; the
 * presented key is hashed and compared in constant time against every digest.
 */
public final class ApiKeys implements PlatformHandler {
  private static final String BEARER = "Bearer ";
  private final List<byte[]> digests;

  private ApiKeys(List<byte[]> digests) {
    this.digests = digests;
  }

  /** Null when no keys are configured: the API is open. */
  public static ApiKeys createOrNull(List<String> hexDigests) {
    if (hexDigests.isEmpty()) {
      return null;
    }
    return new ApiKeys(hexDigests.stream().map(HexFormat.of()::parseHex).toList());
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (accepts(presentedKey(ctx))) {
      ctx.next();
    } else {
      ctx.fail(Failure.unauthorized());
    }
  }

  boolean accepts(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    byte[] digest = sha256(key);
    boolean match = false;
    for (byte[] candidate : digests) {
      match |= MessageDigest.isEqual(candidate, digest); // no early exit: constant time over the list
    }
    return match;
  }

  private static String presentedKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("X-API-Key");
    if (key != null) {
      return key.trim();
    }
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return auth.substring(BEARER.length()).trim();
    }
    return null;
  }

  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
