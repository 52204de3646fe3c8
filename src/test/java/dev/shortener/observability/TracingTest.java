package dev.shortener.observability;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shortener.config.AppConfig;
import org.junit.jupiter.api.Test;

class TracingTest {

  @Test
  void offWithoutAnEndpoint() {
    assertNull(Tracing.createOrNull(new AppConfig.Tracing("", "url-shortener")));
  }

  @Test
  void buildsAnOtlpTracerWhenConfigured() {
    // the exporter connects lazily, so no collector is needed to build and close it
    Tracing tracing = Tracing.createOrNull(new AppConfig.Tracing("http://127.0.0.1:4317", "url-shortener"));
    assertNotNull(tracing);
    assertNotNull(tracing.factory());
    tracing.close();
  }
}
