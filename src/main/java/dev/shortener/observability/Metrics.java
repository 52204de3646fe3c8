package dev.shortener.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/** The replica's Prometheus registry and the Vert.x metrics options that feed it. */
public final class Metrics {
  /** Request-latency buckets, seconds: fine below 100 ms where the redirect lives. */
  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };

  private Metrics() {}

  public static PrometheusMeterRegistry createRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // registered before Vert.x creates its meters, or they would keep the default (no) buckets
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().equals("vertx.http.server.response.time")) {
          double[] nanos = new double[LATENCY_BUCKETS.length]; // timer SLOs are given in nanoseconds
          for (int i = 0; i < nanos.length; i++) {
            nanos[i] = LATENCY_BUCKETS[i] * 1e9;
          }
          return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
        }
        return config;
      }
    });
    return registry;
  }

  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // HttpMetrics records the HTTP server's requests, by route template (never raw paths)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addLabels(Label.POOL_TYPE, Label.POOL_NAME)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }
}
