package dev.shortener.observability;

import dev.shortener.config.AppConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

/** OpenTelemetry for HTTP, SQL and Redis spans, exported over OTLP when an endpoint is configured. */
public final class Tracing {
  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /** Null when tracing is off. */
  public static Tracing createOrNull(AppConfig.Tracing config) {
    if (!config.enabled()) {
      return null;
    }
    return create(OtlpGrpcSpanExporter.builder().setEndpoint(config.otlpEndpoint()).build(), config.serviceName());
  }

  /** Spans go to {@code exporter} in batches. */
  public static Tracing create(SpanExporter exporter, String serviceName) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
        .build();
    return new Tracing(OpenTelemetrySdk.builder()
        .setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build());
  }

  /** For spans the Vert.x clients do not make themselves (Redis). */
  public io.opentelemetry.api.trace.Tracer tracer() {
    return sdk.getTracer("dev.shortener");
  }

  public OpenTelemetryTracingFactory factory() {
    return new OpenTelemetryTracingFactory(sdk);
  }

  /** Exports what is buffered now (tests, shutdown). */
  public void flush() {
    sdk.getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  public void close() {
    sdk.close();
  }
}
