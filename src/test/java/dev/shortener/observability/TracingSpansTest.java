package dev.shortener.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.TestStack;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** With tracing on, a request yields an HTTP server span and child spans for its SQL and Redis calls. */
class TracingSpansTest extends ApiTest {
  private static final class Collector implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Test
  void httpSqlAndRedisSpansShareATrace() throws Exception {
    Collector collector = new Collector();
    Tracing tracing = Tracing.create(collector, "url-shortener-test");
    try (TestStack.Replica replica = STACK.startReplica(Map.of(), tracing)) {
      long user = createUser("ann").getLong("id");
      String code = createUrl(user, "https://example.com/traced").getString("short_code");
      assertEquals(302, replica.api().get("/" + code).status()); // near miss → Redis → PostgreSQL
      tracing.flush();
    }
    Map<String, List<SpanData>> byTrace = collector.spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    boolean found = byTrace.values().stream().anyMatch(trace -> {
      var kinds = trace.stream().map(s -> s.getKind().name() + ":" + s.getAttributes().asMap().keySet()).toList();
      boolean http = trace.stream().anyMatch(s -> s.getKind().name().equals("SERVER"));
      boolean sql = trace.stream().anyMatch(s -> s.getAttributes().asMap().keySet().stream()
          .anyMatch(k -> k.getKey().startsWith("db.") && s.getAttributes().asMap().values().stream()
              .anyMatch(v -> String.valueOf(v).contains("postgresql"))));
      boolean redis = trace.stream().anyMatch(s -> s.getAttributes().asMap().values().stream()
          .anyMatch(v -> String.valueOf(v).equalsIgnoreCase("redis")));
      return http && sql && redis && !kinds.isEmpty();
    });
    assertTrue(found, "spans: " + collector.spans.stream()
        .map(s -> s.getKind() + " " + s.getName() + " " + s.getAttributes()).toList());
  }
}
