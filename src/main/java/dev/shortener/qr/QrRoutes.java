package dev.shortener.qr;

import dev.shortener.config.AppConfig;
import dev.shortener.errors.Failure;
import dev.shortener.http.QueryParams;
import dev.shortener.http.RouteTable;
import dev.shortener.redirect.RedirectLookup;
import dev.shortener.redirect.RedirectRoutes;
import dev.shortener.urls.ShortUrl;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /{code}/qr}: a QR code of the link's {@code short_url}, public like the redirect. The
 * picture depends only on the short URL and the parameters, so the ETag is their digest and a
 * revalidation ({@code If-None-Match}) is answered without drawing anything.
 */
public final class QrRoutes {
  private static final String CACHE_CONTROL = "public, max-age=86400";

  private final RedirectLookup lookup;
  private final AppConfig.Links links;

  private QrRoutes(RedirectLookup lookup, AppConfig.Links links) {
    this.lookup = lookup;
    this.links = links;
  }

  public static void register(Router router, RouteTable table, RedirectLookup lookup, AppConfig.Links links) {
    QrRoutes routes = new QrRoutes(lookup, links);
    RedirectRoutes.codeRoute(router, table, HttpMethod.GET, "/qr", "/:code/qr", null, routes::qr);
  }

  private Future<?> qr(RoutingContext ctx) {
    String code = RedirectRoutes.code(ctx);
    QrOptions options = QrOptions.parse(QueryParams.of(ctx));
    return lookup.find(code).compose(target -> {
      if (target == null) {
        throw Failure.notFound("Not found");
      }
      String content = ShortUrl.shortUrl(links, code);
      String etag = "\"" + digest(options.key(content)) + "\"";
      ctx.response()
          .putHeader(HttpHeaders.ETAG, etag)
          .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
      String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
      if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
        return ctx.response().setStatusCode(304).end();
      }
      return ctx.vertx().executeBlocking(() -> QrCodes.render(content, options), false)
          .compose(bytes -> ctx.response()
              .putHeader(HttpHeaders.CONTENT_TYPE, options.svg() ? "image/svg+xml" : "image/png")
              .end(Buffer.buffer(bytes)));
    });
  }

  private static String digest(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
