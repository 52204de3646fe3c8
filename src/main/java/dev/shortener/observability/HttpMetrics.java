package dev.shortener.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server metrics, under the names Vert.x gives them ({@code vertx_http_server_requests_total},
 * {@code vertx_http_server_response_time_seconds}, {@code vertx_http_server_active_requests}), labelled
 * by route template, method and status. Vert.x's own HTTP server metrics are turned off
 * ({@link Metrics#options}): with Micrometer 1.15 they re-register a gauge and look meters up in
 * the registry on every request, through its double-registration warning path, which was 18 % of
 * the event loops' Java time on a redirect. Here each label set's meters are looked up once.
 * One instance per replica, shared by its HTTP verticles.
 */
public final class HttpMetrics {
  private record Labels(String route, String method, int status) {}

  private record Meters(Counter requests, Timer latency) {}

  private static final Set<HttpMethod> STANDARD_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.CONNECT);

  private final MeterRegistry registry;
  private final AtomicInteger active;
  private final ConcurrentMap<Labels, Meters> meters = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.active = registry.gauge("vertx.http.server.active.requests", new AtomicInteger());
  }

  /** A request the router is working on (one answered before the router is never in flight across turns). */
  void started() {
    active.incrementAndGet();
  }

  void ended() {
    active.decrementAndGet();
  }

  /** One answered request of {@code route}, started at {@code startNanos} ({@link System#nanoTime}). */
  public void record(String route, HttpMethod method, int status, long startNanos) {
    Meters m = meters.computeIfAbsent(new Labels(route, methodLabel(method), status), this::register);
    m.requests.increment();
    m.latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** Clients may send any token as a method: only the standard ones become labels, or series would be unbounded. */
  static String methodLabel(HttpMethod method) {
    return STANDARD_METHODS.contains(method) ? method.name() : "other";
  }

  private Meters register(Labels labels) {
    String[] tags = {"route", labels.route, "method", labels.method, "code", Integer.toString(labels.status)};
    return new Meters(
        Counter.builder("vertx.http.server.requests").description("Requests answered").tags(tags).register(registry),
        Timer.builder("vertx.http.server.response.time").description("Time to answer").tags(tags).register(registry));
  }
}
