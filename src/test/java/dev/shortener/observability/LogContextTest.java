package dev.shortener.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Waits;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One access line per request with its id, route, status and latency; the id on any line of that request. */
class LogContextTest extends ApiTest {
  /** Freezes the MDC as the async appender would, on the logging thread. */
  private static final class Capture extends ListAppender<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      super.append(event);
    }
  }

  private final Capture capture = new Capture();
  private final Logger access = (Logger) LoggerFactory.getLogger("access");
  private final Logger probe = (Logger) LoggerFactory.getLogger("log-context-test");

  @BeforeEach
  void attach() {
    capture.start();
    access.addAppender(capture);
    probe.addAppender(capture);
  }

  @AfterEach
  void detach() {
    access.detachAppender(capture);
    probe.detachAppender(capture);
  }

  @Test
  void accessLineCarriesRequestIdRouteStatusAndLatency() {
    HttpResult result = api.get("/users/12345", "X-Request-ID", "trace-me-42");
    assertEquals(404, result.status());
    Waits.until(Duration.ofSeconds(2), "the access line", () -> !capture.list.isEmpty());
    Map<String, String> mdc = capture.list.stream()
        .map(ILoggingEvent::getMDCPropertyMap)
        .filter(m -> "trace-me-42".equals(m.get("request_id")))
        .findFirst().orElseThrow();
    assertEquals("GET", mdc.get("method"));
    assertEquals("/users/:id", mdc.get("route"));
    assertEquals("404", mdc.get("status"));
    assertTrue(Double.parseDouble(mdc.get("latency_ms")) >= 0);
  }

  @Test
  void anyLineLoggedInARequestContextCarriesItsId() throws Exception {
    ContextInternal request = ((ContextInternal) STACK.app().vertx().getOrCreateContext()).duplicate();
    CompletableFuture<Void> done = new CompletableFuture<>();
    request.runOnContext(v -> {
      RequestContext.setRequestId("req-in-context");
      // a later turn of the same request, as after a database reply
      STACK.app().vertx().setTimer(1, id -> request.runOnContext(w -> {
        probe.warn("inside the request");
        done.complete(null);
      }));
    });
    done.get(5, TimeUnit.SECONDS);
    probe.warn("outside any request");
    assertEquals("req-in-context", capture.list.get(0).getMDCPropertyMap().get("request_id"));
    assertNull(capture.list.get(1).getMDCPropertyMap().get("request_id"));
    assertFalse(capture.list.get(1).getMDCPropertyMap().containsKey("trace_id"));
  }
}
