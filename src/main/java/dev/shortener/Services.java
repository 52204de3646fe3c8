package dev.shortener;

import dev.shortener.accounts.KeyCache;
import dev.shortener.accounts.KeyUsage;
import dev.shortener.cache.BreakerStates;
import dev.shortener.clicks.ClickQueue;
import dev.shortener.config.AppConfig;
import dev.shortener.observability.RequestPipeline;
import dev.shortener.ratelimit.LocalBudget;
import dev.shortener.redirect.CacheMetrics;
import dev.shortener.redirect.Invalidations;
import dev.shortener.redirect.NearCache;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the verticles of one replica share: configuration, metrics, the near cache and its invalidations, the
 * click queue, the resolved API keys and their usage, the fallback rate-limit budget, and the tracer
 * (null when tracing is off).
 */
public record Services(
    AppConfig config,
    PrometheusMeterRegistry registry,
    NearCache nearCache,
    Invalidations invalidations,
    CacheMetrics cacheMetrics,
    RequestPipeline requests,
    BreakerStates breakers,
    ClickQueue clicks,
    KeyCache keys,
    KeyUsage keyUsage,
    LocalBudget localBudget,
    Buffer openApi,
    AtomicBoolean shutdownFlag,
    Tracer tracer) {

  public boolean shuttingDown() {
    return shutdownFlag.get();
  }
}
