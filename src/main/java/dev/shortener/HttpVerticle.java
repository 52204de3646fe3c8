package dev.shortener;

import dev.shortener.accounts.Accounts;
import dev.shortener.accounts.ApiGuard;
import dev.shortener.accounts.ApiKeyRoutes;
import dev.shortener.accounts.ApiKeyStore;
import dev.shortener.cache.RedisCache;
import dev.shortener.db.Database;
import dev.shortener.docs.DocsRoutes;
import dev.shortener.events.EventRoutes;
import dev.shortener.exports.ExportRoutes;
import dev.shortener.health.HealthRoutes;
import dev.shortener.imports.ImportRoutes;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.ClientAddress;
import dev.shortener.http.ErrorHandler;
import dev.shortener.http.RouteTable;
import dev.shortener.qr.QrRoutes;
import dev.shortener.ratelimit.RateLimiter;
import dev.shortener.redirect.Invalidations;
import dev.shortener.redirect.LinkGate;
import dev.shortener.redirect.RedirectLookup;
import dev.shortener.redirect.RedirectRoutes;
import dev.shortener.stats.StatsRoutes;
import dev.shortener.ui.UiRoutes;
import dev.shortener.urls.Shortener;
import dev.shortener.urls.UrlRoutes;
import dev.shortener.users.UserRoutes;
import dev.shortener.webhooks.WebhookRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One per core, and the place the server is assembled: this event loop's PostgreSQL and Redis
 * connections, the features wired to them, the router with every route, and the redirect fast lane
 * in front of it.
 */
public final class HttpVerticle extends VerticleBase {
  private static final int PASSWORD_HASHING_THREADS = 2;
  private final Services services;
  private Database db;
  private RedisCache redis;
  private HttpServer server;
  /** Argon2id hashes and checks of link passwords: 19 MiB each, so two at a time per replica. */
  private WorkerExecutor hashing;

  public HttpVerticle(Services services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    var config = services.config();
    db = Database.create(vertx, config.database(), services.readReplicas());
    hashing = vertx.createSharedWorkerExecutor("password-hashing", PASSWORD_HASHING_THREADS);
    redis = RedisCache.create(vertx, config.redis(), services.breakers(), services.tracer());
    RedirectLookup lookup = new RedirectLookup(services.nearCache(), services.invalidations(), redis, db,
        services.cacheMetrics(), config);
    ClientAddress clients = new ClientAddress(config.security().trustedProxies());
    RedirectRoutes redirects = new RedirectRoutes(lookup, services.clicks(), services.requests(), clients,
        config.links().redirectStatus(), LinkGate.create(db, redis, services.linkContext(), hashing, clients));
    Router router = router(lookup, redirects, clients);
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.http().host())
        .setPort(config.http().port())
        .setTcpNoDelay(true)
        .setHttp2ClearTextEnabled(false) // HTTP/1.1 behind nginx; no h2c upgrade path to drain differently
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    // every request: a near-cached live redirect is answered by the fast lane, anything else by the
    // router; both go through the same RequestPipeline (request id, metrics, access line)
    server.requestHandler(request -> {
      if (!redirects.fastLane(request)) {
        router.handle(request);
      }
    });
    return server.invalidRequestHandler(ErrorHandler::invalidRequest).listen();
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes the clients. */
  @Override
  public Future<?> stop() {
    return server.shutdown(services.config().shutdown().timeout().toMillis(), TimeUnit.MILLISECONDS)
        .eventually(() -> Future.join(db.close(), redis.close(), hashing.close()));
  }

  private Router router(RedirectLookup lookup, RedirectRoutes redirects, ClientAddress clients) {
    var config = services.config();
    Router router = Router.router(vertx);
    RouteTable table = new RouteTable();
    ErrorHandler errors = new ErrorHandler(table);
    router.route().handler(services.requests());
    router.route().failureHandler(errors);
    for (int status : new int[] {404, 405, 413, 500}) {
      router.errorHandler(status, errors);
    }
    // not router.options(): a method-only route would match every path and turn unknown GETs into 405s
    router.route().handler(ctx -> {
      String allowed = ctx.request().method() == HttpMethod.OPTIONS ? table.allowedMethods(ctx.normalizedPath()) : "";
      if (allowed.isEmpty()) {
        ctx.next();
      } else {
        ctx.response().setStatusCode(204).putHeader("Allow", allowed).end();
      }
    });

    BodyHandler json = BodyHandler.create(false).setBodyLimit(config.http().jsonBodyLimit());
    BodyHandler csv = BodyHandler.create(uploadsDirectory())
        .setBodyLimit(config.http().csvBodyLimit())
        .setDeleteUploadedFilesOnEnd(true);
    Invalidations.Publisher invalidations = services.invalidations().publisher(redis, db);
    var security = config.security();
    Accounts accounts = new Accounts(new ApiKeyStore(db), services.keys(), services.keyUsage(),
        security.apiKeyHashes(), invalidations::broadcast);
    RateLimiter limiter = new RateLimiter(redis, services.localBudget(), security.rateLimitApi());
    ApiGuard guard = new ApiGuard(accounts, limiter, clients, security);
    ApiRouter api = new ApiRouter(router, Router.router(vertx), table, json, guard);

    // first: the hot path matches at once instead of after every API route; its pattern excludes
    // the router's own first segments, so it cannot shadow them
    redirects.register(router, table, api);
    QrRoutes.register(router, table, lookup, config.links());
    HealthRoutes.register(api, db, redis, config.database().readyTimeout(), services::shuttingDown);
    if (config.http().managementPort() == 0) { // else /metrics is on the management port only
      var scrape = PrometheusScrapingHandler.create(services.registry());
      api.rootOnly(HttpMethod.GET, "/metrics", ctx -> {
        scrape.handle(ctx);
        return Future.succeededFuture();
      });
    }
    DocsRoutes.register(router, api, services.openApi());
    ImportRoutes.register(api, config, services.imports(), csv, services.enrichment());
    UserRoutes.register(api, db, invalidations, accounts);
    ExportRoutes.register(api, db);
    UrlRoutes.register(api, Shortener.create(db, invalidations, config.links(), hashing),
        config.links().publicBaseUrl());
    EventRoutes.register(api, db);
    StatsRoutes.register(api, db);
    ApiKeyRoutes.register(api, accounts);
    WebhookRoutes.register(api, db, config.webhooks().allowPrivate(), config.links().publicBaseUrl());
    // fixed paths ("/" and "/ui/..."), never a code's: the redirect's fast lane and route stay first
    UiRoutes.register(router, table, services.uiAssets()); // loaded once: the verticles share it
    api.mount();
    return router;
  }

  private static String uploadsDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "url-shortener-uploads").toString();
  }
}
