package dev.shortener.ui;

import dev.shortener.errors.Failure;
import dev.shortener.http.RouteTable;
import dev.shortener.observability.RequestPipeline;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The web UI: {@code GET /} is the page (never cached: it names the current asset version) and
 * {@code /ui/<version>/...} its files (cached for a year: a changed file is a new version). The UI is
 * a client of the API and resolves no principal; its paths have two segments or none, so they never
 * meet a short code, and the redirect's fast lane and route are unchanged.
 */
public final class UiRoutes {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String NO_STORE = "no-store";
  /** The page loads only its own files and talks only to its own origin. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'self'";
  private static final String ROUTE_PAGE = "/";
  private static final String ROUTE_ASSET = "/ui/:version/*";

  private final UiAssets assets;

  private UiRoutes(UiAssets assets) {
    this.assets = assets;
  }

  public static void register(Router router, RouteTable table, UiAssets assets) {
    UiRoutes routes = new UiRoutes(assets);
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      table.addRegex("^/$", method);
      table.addRegex("^/ui(/.*)?$", method);
      router.route(method, "/").handler(routes::page);
      router.route(method, "/ui").handler(routes::toPage);
      router.route(method, "/ui/").handler(routes::toPage);
      router.route(method, "/ui/:version/*").handler(routes::file);
    }
  }

  private void page(RoutingContext ctx) {
    ctx.put(RequestPipeline.ROUTE_KEY, ROUTE_PAGE);
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    send(ctx, response, assets.shell());
  }

  private void toPage(RoutingContext ctx) {
    ctx.put(RequestPipeline.ROUTE_KEY, "/ui");
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/").end();
  }

  private void file(RoutingContext ctx) {
    ctx.put(RequestPipeline.ROUTE_KEY, ROUTE_ASSET);
    String path = ctx.pathParam("*");
    UiAssets.Asset asset = path == null ? null : assets.file(path);
    if (asset == null) {
      ctx.fail(Failure.notFound("Not found"));
      return;
    }
    // a page of another version (a replica not yet rolled) gets this version's file, but must not keep it
    boolean current = assets.version().equals(ctx.pathParam("version"));
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, current ? IMMUTABLE : NO_STORE)
        .putHeader("X-Content-Type-Options", "nosniff");
    send(ctx, response, asset);
  }

  private static void send(RoutingContext ctx, HttpServerResponse response, UiAssets.Asset asset) {
    boolean gzip = acceptsGzip(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
    response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType()).putHeader(HttpHeaders.VARY, "Accept-Encoding");
    if (gzip) {
      response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
    }
    var body = gzip ? asset.gzipped() : asset.body();
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
    } else {
      response.end(body);
    }
  }

  /** Whether the client takes gzip; {@code gzip;q=0} refuses it. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] pieces = part.trim().split(";");
      if (pieces[0].trim().equalsIgnoreCase("gzip")) {
        for (int i = 1; i < pieces.length; i++) {
          String p = pieces[i].trim().replace(" ", "");
          if (p.equals("q=0") || p.matches("q=0\\.0*")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }
}
