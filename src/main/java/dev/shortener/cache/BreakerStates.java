package dev.shortener.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The replica's Redis breaker state for metrics: each verticle has its own breaker; the replica is
 * as bad as its worst one (open &gt; half-open &gt; closed).
 */
public final class BreakerStates {
  private final List<CircuitBreaker> breakers = new CopyOnWriteArrayList<>();

  public BreakerStates(MeterRegistry registry) {
    for (CircuitBreakerState state : CircuitBreakerState.values()) {
      Gauge.builder("shortener.circuit.breaker.state", () -> worst() == state ? 1 : 0)
          .description("1 for the current state of the replica's Redis circuit breaker")
          .tag("breaker", "redis")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  void track(CircuitBreaker breaker) {
    breakers.add(breaker);
  }

  void untrack(CircuitBreaker breaker) {
    breakers.remove(breaker);
  }

  public CircuitBreakerState worst() {
    CircuitBreakerState worst = CircuitBreakerState.CLOSED;
    for (CircuitBreaker breaker : breakers) {
      CircuitBreakerState state = breaker.state();
      if (state == CircuitBreakerState.OPEN || (state == CircuitBreakerState.HALF_OPEN && worst != CircuitBreakerState.OPEN)) {
        worst = state;
      }
    }
    return worst;
  }
}
