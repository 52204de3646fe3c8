package dev.shortener.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code shortener_webhook_outbox_depth} (pending deliveries, as the database has them),
 * {@code shortener_webhook_delivery_seconds{outcome}} (request latency) and
 * {@code shortener_webhook_failures_total{webhook}} (failed attempts by endpoint id).
 */
final class WebhookMetrics {
  private final MeterRegistry registry;
  private final AtomicLong depth = new AtomicLong();
  private final Timer delivered;
  private final Timer failedLatency;
  private final Counter disabled;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("shortener.webhook.outbox.depth", depth, AtomicLong::get)
        .description("Webhook deliveries waiting to be sent or retried")
        .register(registry);
    delivered = latency("success");
    failedLatency = latency("failure");
    disabled = Counter.builder("shortener.webhook.disabled").description("Endpoints disabled after repeated failures")
        .register(registry);
  }

  private Timer latency(String outcome) {
    return Timer.builder("shortener.webhook.delivery")
        .description("Webhook delivery attempts: time from request to response")
        .tag("outcome", outcome)
        .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(10))
        .register(registry);
  }

  void depth(long value) {
    depth.set(value);
  }

  void delivered(long nanos) {
    delivered.record(Duration.ofNanos(nanos));
  }

  /** Endpoint ids are few and chosen by operators, so they are a bounded label. */
  void failed(long webhookId, long nanos) {
    failedLatency.record(Duration.ofNanos(nanos));
    Counter.builder("shortener.webhook.failures")
        .description("Failed webhook delivery attempts by endpoint")
        .tag("webhook", Long.toString(webhookId))
        .register(registry)
        .increment();
  }

  void disabled() {
    disabled.increment();
  }
}
