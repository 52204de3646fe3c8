package dev.shortener;

import dev.shortener.accounts.KeyCache;
import dev.shortener.accounts.KeyUsage;
import dev.shortener.cache.BreakerStates;
import dev.shortener.clicks.ClickEnrichment;
import dev.shortener.clicks.ClickQueue;
import dev.shortener.config.AppConfig;
import dev.shortener.db.ReadReplicas;
import dev.shortener.observability.RequestPipeline;
import dev.shortener.ratelimit.LocalBudget;
import dev.shortener.redirect.CacheMetrics;
import dev.shortener.redirect.Invalidations;
import dev.shortener.redirect.LinkContext;
import dev.shortener.redirect.NearCache;
import dev.shortener.ui.UiAssets;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the verticles of one replica share: configuration, metrics, the near cache and its invalidations, the
 * click queue and its enrichment (one user-agent cache and GeoIP reader, which link rules use too), which read replicas are usable, the resolved API keys and their usage, the fallback rate-limit
 * budget, and the tracer (null when tracing is off).
 */
public record Services(
    AppConfig config,
    PrometheusMeterRegistry registry,
    NearCache nearCache,
    Invalidations invalidations,
    CacheMetrics cacheMetrics,
    RequestPipeline requests,
    BreakerStates breakers,
    ReadReplicas readReplicas,
    ClickQueue clicks,
    ClickEnrichment enrichment,
    KeyCache keys,
    KeyUsage keyUsage,
    LocalBudget localBudget,
    LinkContext linkContext,
    Buffer openApi,
    UiAssets uiAssets,
    AtomicBoolean shutdownFlag,
    Tracer tracer) {

  public boolean shuttingDown() {
    return shutdownFlag.get();
  }
}
