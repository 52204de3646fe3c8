package dev.shortener;

import dev.shortener.accounts.ApiKeyStore;
import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.UserAgents;
import dev.shortener.accounts.KeyCache;
import dev.shortener.accounts.KeyUsage;
import dev.shortener.accounts.KeyUsageWriter;
import dev.shortener.cache.BreakerStates;
import dev.shortener.clicks.ClickEnrichment;
import dev.shortener.clicks.ClickMaintenance;
import dev.shortener.clicks.ClickQueue;
import dev.shortener.clicks.ClickWriter;
import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigException;
import dev.shortener.db.Database;
import dev.shortener.db.Migrations;
import dev.shortener.db.ReadReplicas;
import dev.shortener.docs.DocsRoutes;
import dev.shortener.health.DependencyProbe;
import dev.shortener.observability.HttpMetrics;
import dev.shortener.observability.ManagementServer;
import dev.shortener.observability.Metrics;
import dev.shortener.observability.RequestContext;
import dev.shortener.observability.RequestPipeline;
import dev.shortener.observability.Tracing;
import dev.shortener.ratelimit.LocalBudget;
import dev.shortener.ratelimit.RateLimiter;
import dev.shortener.redirect.CacheMetrics;
import dev.shortener.redirect.Invalidations;
import dev.shortener.redirect.LinkContext;
import dev.shortener.redirect.NearCache;
import dev.shortener.ui.UiAssets;
import dev.shortener.webhooks.WebhookDispatcher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica: migrate → Vert.x → background verticles → HTTP verticles (one per core), and the
 * reverse on a graceful stop. Used by {@link Main} and, in-process, by the integration tests.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  static final String NO_ADMIN_KEY = "AUTH_MODE=keys but there is no admin key: create one with "
      + "`java -jar url-shortener.jar api-key create --admin --name NAME` (same DATABASE_URL), or set API_KEYS";

  private final Vertx vertx;
  private final Services services;
  private final Tracing tracing;
  private String backgroundListener;
  private String backgroundProbe;
  private String clickWriter;
  private String clickMaintenance;
  private String webhookDispatcher;
  private String keyUsageWriter;
  private String http;

  private Application(Vertx vertx, Services services, Tracing tracing) {
    this.vertx = vertx;
    this.services = services;
    this.tracing = tracing;
  }

  /** Starts a replica and returns once it serves HTTP. Blocking: call it from a plain thread. */
  public static Application start(AppConfig config) throws Exception {
    return start(config, Tracing.createOrNull(config.tracing()));
  }

  /** As {@link #start(AppConfig)}, with the given tracing (null: off). */
  public static Application start(AppConfig config, Tracing tracing) throws Exception {
    long begin = System.nanoTime();
    RequestContext.init();
    var migrated = Migrations.migrate(config.database().url());
    LOG.info("database {}: {} migration(s) applied, schema version {}", config.database().url(),
        migrated.migrationsExecuted,
        migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : migrated.initialSchemaVersion);

    PrometheusMeterRegistry registry = Metrics.createRegistry();
    VertxBuilder builder = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(Metrics.options()))
        .withMetrics(new MicrometerMetricsFactory(registry));
    if (tracing != null) {
      builder.withTracer(tracing.factory());
    }
    Vertx vertx = builder.build();
    NearCache nearCache = new NearCache(config.cache());
    // one user-agent parser and cache, one GeoIP reader per replica, for link rules and click enrichment
    // alike (loading ua-parser's regexes takes a second: here, before any event loop runs)
    UserAgents userAgents = UserAgents.create(config.clicks().userAgentCache()).monitored(registry);
    GeoIp geoIp = GeoIp.open(config.clicks().geoipDb());
    KeyCache keys = new KeyCache();
    Services services = new Services(config, registry, nearCache, new Invalidations(nearCache, keys),
        new CacheMetrics(registry), new RequestPipeline(new HttpMetrics(registry)),
        new BreakerStates(registry), ReadReplicas.create(vertx, config.database(), registry),
        ClickQueue.create(config.clicks(), registry), ClickEnrichment.create(userAgents, geoIp),
        keys, new KeyUsage(), new LocalBudget(RateLimiter.WINDOW),
        LinkContext.create(userAgents, geoIp),
        DocsRoutes.loadOpenApi(), UiAssets.load(), new AtomicBoolean(false), tracing == null ? null : tracing.tracer());
    Application app = new Application(vertx, services, tracing);
    try {
      requireAdminKey(vertx, config);
      app.deploy().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      services.clicks().close();
      throw e;
    }
    LOG.info("serving on {}:{} with {} HTTP verticles (started in {} ms)", config.http().host(), config.http().port(),
        config.httpInstances(), (System.nanoTime() - begin) / 1_000_000);
    return app;
  }

  /**
   * In keys mode, a replica that nobody could ever call is a misconfiguration: stop with the one line
   * that says how to make the first admin key.
   */
  private static void requireAdminKey(Vertx vertx, AppConfig config) throws Exception {
    if (config.security().mode() != AppConfig.AuthMode.KEYS || !config.security().apiKeyHashes().isEmpty()) {
      return;
    }
    Database db = Database.create(vertx, config.database());
    try {
      if (!new ApiKeyStore(db).adminKeyExists().await(30, TimeUnit.SECONDS)) {
        throw new ConfigException(NO_ADMIN_KEY);
      }
    } finally {
      db.close();
    }
  }

  private Future<Void> deploy() {
    AppConfig config = services.config();
    return vertx.deployVerticle(services.invalidations().listener(config.redis(), services.breakers()))
        .compose(id -> {
          backgroundListener = id;
          return vertx.deployVerticle(new KeyUsageWriter(config, services.keyUsage()));
        })
        .compose(id -> {
          keyUsageWriter = id;
          return vertx.deployVerticle(new DependencyProbe(config, services.breakers(), services.registry()));
        })
        .compose(id -> {
          backgroundProbe = id;
          return vertx.deployVerticle(new ClickMaintenance(config, services.enrichment()));
        })
        .compose(id -> {
          clickMaintenance = id;
          int management = config.http().managementPort();
          // closed with Vert.x at the very end, so metrics stay scrapeable while the rest drains
          return management > 0
              ? vertx.deployVerticle(new ManagementServer(config.http().host(), management, services.registry()))
              : Future.succeededFuture(id);
        })
        .compose(id -> vertx.deployVerticle(
            () -> new ClickWriter(config, services.clicks(), services.enrichment(), services.registry()),
            new DeploymentOptions().setInstances(config.clicks().writers())))
        .compose(id -> {
          clickWriter = id;
          return config.webhooks().dispatcher()
              ? vertx.deployVerticle(new WebhookDispatcher(config, services.registry()))
              : Future.succeededFuture((String) null);
        })
        .compose(id -> {
          webhookDispatcher = id;
          return vertx.deployVerticle(() -> new HttpVerticle(services),
              new DeploymentOptions().setInstances(config.httpInstances()));
        })
        .map(id -> {
          http = id;
          return null;
        });
  }

  /**
   * Graceful stop: readiness turns 503, the HTTP servers stop accepting and finish in-flight requests,
   * the click queue is flushed, then everything closes. Blocking.
   */
  public void stop() {
    if (!services.shutdownFlag().compareAndSet(false, true)) {
      return;
    }
    LOG.info("graceful shutdown started: readiness is 503");
    var shutdown = services.config().shutdown();
    long budget = shutdown.readinessDelay().toMillis() + shutdown.timeout().toMillis() * 2 + 5000;
    try {
      // let load balancers that probe readiness stop routing here before the listener closes
      Future<Void> delay = Future.future(p -> vertx.setTimer(Math.max(1, shutdown.readinessDelay().toMillis()),
          id -> p.complete()));
      delay.compose(v -> vertx.undeploy(http))
          .eventually(() -> vertx.undeploy(clickWriter))
          .andThen(ar -> services.clicks().close()) // what the writers could not write stays journaled
          .eventually(() -> vertx.undeploy(clickMaintenance))
          .eventually(() -> webhookDispatcher == null ? Future.succeededFuture() : vertx.undeploy(webhookDispatcher))
          .eventually(() -> vertx.undeploy(keyUsageWriter))
          .eventually(() -> vertx.undeploy(backgroundListener))
          .eventually(() -> vertx.undeploy(backgroundProbe))
          .await(budget, TimeUnit.MILLISECONDS);
      // closed from this thread, not from a context's callback: its completion must not need an event loop
      vertx.close().await(10, TimeUnit.SECONDS);
      LOG.info("graceful shutdown complete");
    } catch (Exception e) {
      LOG.error("graceful shutdown did not complete in {} ms", budget, e);
    } finally {
      if (tracing != null) {
        tracing.close();
      }
    }
  }

  public Services services() {
    return services;
  }

  public Vertx vertx() {
    return vertx;
  }
}
